using System.Text.Json.Serialization;

namespace Workteam.ScimApi.Protocol;

/// <summary>RFC 7644 §3.4.2 query response; <c>Resources</c> with a capital R, as the RFC and Entra expect.</summary>
public sealed record ListResponse<T>(
    [property: JsonPropertyName("totalResults")] int TotalResults,
    [property: JsonPropertyName("startIndex")] int StartIndex,
    [property: JsonPropertyName("itemsPerPage")] int ItemsPerPage,
    [property: JsonPropertyName("Resources")] IReadOnlyList<T> Resources)
{
    public const string Schema = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

    [JsonPropertyName("schemas")]
    public IReadOnlyList<string> Schemas { get; } = [Schema];
}
