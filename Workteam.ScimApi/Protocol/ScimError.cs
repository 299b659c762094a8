using System.Text.Json.Serialization;

namespace Workteam.ScimApi.Protocol;

/// <summary>RFC 7644 §3.12 error response. <c>status</c> is a string, as the RFC's examples and Entra expect.</summary>
public sealed record ScimError(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("detail")] string Detail,
    [property: JsonPropertyName("scimType"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ScimType = null)
{
    public const string Schema = "urn:ietf:params:scim:api:messages:2.0:Error";
    public const string MediaType = "application/scim+json";

    [JsonPropertyName("schemas")]
    public IReadOnlyList<string> Schemas { get; } = [Schema];

    public static ScimError Create(int status, string detail, string? scimType = null) =>
        new(status.ToString(System.Globalization.CultureInfo.InvariantCulture), detail, scimType);
}
