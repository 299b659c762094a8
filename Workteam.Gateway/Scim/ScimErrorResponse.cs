using System.Globalization;
using System.Text.Json;

namespace Workteam.Gateway.Scim;

/// <summary>Writes RFC 7644 §3.12 error bodies (<c>application/scim+json</c>, <c>status</c> as a string).</summary>
public static class ScimErrorResponse
{
    public const string MediaType = "application/scim+json";

    public static Task WriteAsync(HttpContext context, int status, string detail, string? scimType = null)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = MediaType;
        var body = new Dictionary<string, object>
        {
            ["schemas"] = new[] { "urn:ietf:params:scim:api:messages:2.0:Error" },
            ["status"] = status.ToString(CultureInfo.InvariantCulture),
            ["detail"] = detail,
        };
        if (scimType is not null)
        {
            body["scimType"] = scimType;
        }

        return context.Response.WriteAsync(JsonSerializer.Serialize(body), context.RequestAborted);
    }
}
