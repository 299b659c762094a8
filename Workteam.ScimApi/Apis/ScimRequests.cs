using System.Text.Json;
using System.Text.Json.Nodes;
using Workteam.ScimApi.Protocol;
using Workteam.ScimApi.Resources;

namespace Workteam.ScimApi.Apis;

/// <summary>What every SCIM endpoint reads from a request: the JSON body, ids, projections.</summary>
internal static class ScimRequests
{
    private static readonly JsonDocumentOptions BodyOptions = new() { MaxDepth = 32, AllowDuplicateProperties = false };

    /// <summary>
    /// The body as a JSON object; anything else (bad JSON, bad UTF-8, a lone surrogate, a repeated name, an array)
    /// is a 400 invalidSyntax, and text Workteam cannot store a 400 invalidValue.
    /// </summary>
    public static async Task<JsonObject> ReadObjectAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        JsonNode? body;
        try
        {
            body = await JsonNode.ParseAsync(request.Body, documentOptions: BodyOptions, cancellationToken: cancellationToken);
            ReadAllText(body);
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException)
        {
            throw new ScimProtocolException(400, "invalidSyntax", $"The request body is not valid JSON: {e.Message}");
        }

        return body as JsonObject ?? throw new ScimProtocolException(400, "invalidSyntax", "The request body must be a JSON object.");
    }

    /// <summary>
    /// JsonNode decodes names and strings only when they are first read; reading them all here makes text that no
    /// string can hold (invalid UTF-8, an unpaired surrogate escape) fail as bad JSON rather than mid-request, and
    /// refuses text Workteam cannot store.
    /// </summary>
    private static void ReadAllText(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject members:
                foreach (var (name, value) in members)
                {
                    CheckStorable(name);
                    ReadAllText(value);
                }

                break;
            case JsonArray elements:
                foreach (var element in elements)
                {
                    ReadAllText(element);
                }

                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                CheckStorable(value.GetValue<string>());
                break;
        }
    }

    private static void CheckStorable(string text)
    {
        if (!ScimText.IsStorable(text))
        {
            throw new ScimProtocolException(400, "invalidValue", ScimText.Rule);
        }
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
