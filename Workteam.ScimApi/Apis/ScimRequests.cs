using System.Text.Json;
using System.Text.Json.Nodes;
using Workteam.ScimApi.Protocol;
using Workteam.ScimApi.Resources;

namespace Workteam.ScimApi.Apis;

/// <summary>What every SCIM endpoint reads from a request: the JSON body, ids, projections.</summary>
internal static class ScimRequests
{
    private static readonly JsonDocumentOptions BodyOptions = new() { MaxDepth = 32 };

    /// <summary>The body as a JSON object; anything else (bad JSON, bad UTF-8, an array) is a 400 invalidSyntax.</summary>
    public static async Task<JsonObject> ReadObjectAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        JsonNode? body;
        try
        {
            body = await JsonNode.ParseAsync(request.Body, documentOptions: BodyOptions, cancellationToken: cancellationToken);
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException)
        {
            throw new ScimProtocolException(400, "invalidSyntax", $"The request body is not valid JSON: {e.Message}");
        }

        return body as JsonObject ?? throw new ScimProtocolException(400, "invalidSyntax", "The request body must be a JSON object.");
    }

    /// <summary>Resource ids are UUIDs; any other id names nothing, so it is a 404 like an unknown one.</summary>
    public static Guid? ParseId(string id) => Guid.TryParse(id, out var parsed) ? parsed : null;

    public static IResult NotFound(string resourceType, string id) =>
        ScimResults.Error(StatusCodes.Status404NotFound, $"{resourceType} {id} not found.");

    public static ScimLocations Locations(HttpContext http, Guid organizationId) =>
        ScimLocations.For(http, http.RequestServices.GetRequiredService<IConfiguration>(), organizationId);

    public static (string? Attributes, string? Excluded) Projection(HttpRequest request) =>
        (request.Query["attributes"].FirstOrDefault(), request.Query["excludedAttributes"].FirstOrDefault());

    public static IResult Resource(HttpContext http, JsonObject resource, long version, int status = StatusCodes.Status200OK)
    {
        http.Response.Headers.ETag = ScimTimestamps.ETag(version);
        if (status == StatusCodes.Status201Created)
        {
            http.Response.Headers.Location = resource["meta"]?["location"]?.GetValue<string>();
        }

        return ScimResults.Json(resource, status);
    }
}
