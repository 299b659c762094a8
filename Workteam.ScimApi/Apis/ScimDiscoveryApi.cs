using System.Text.Json.Nodes;
using Workteam.ScimApi.Protocol;
using Workteam.ScimApi.Protocol.Schema;
using Workteam.ScimApi.Resources;

namespace Workteam.ScimApi.Apis;

/// <summary>
/// RFC 7644 §4 discovery (/ServiceProviderConfig, /ResourceTypes, /Schemas), made from the same definitions the
/// server works by; and the optional endpoints Workteam does not implement, answered with 501.
/// </summary>
public static class ScimDiscoveryApi
{
    public static void MapScimDiscoveryApi(this RouteGroupBuilder organization)
    {
        organization.MapGet("/ServiceProviderConfig", (Guid organizationId, HttpContext http) => Discovery(http, baseUrl =>
            ScimDiscovery.ServiceProviderConfig(baseUrl, new ServiceProviderCapabilities(ListRequest.MaxResults)), organizationId));

        organization.MapGet("/ResourceTypes", (Guid organizationId, HttpContext http) => Discovery(http, baseUrl =>
            List(ScimResourceTypes.All.Select(t => ScimDiscovery.ResourceType(t, baseUrl))), organizationId));
        organization.MapGet("/ResourceTypes/{id}", (Guid organizationId, string id, HttpContext http) =>
            ScimResourceTypes.Find(id) is { } type
                ? Discovery(http, baseUrl => ScimDiscovery.ResourceType(type, baseUrl), organizationId)
                : ScimRequests.NotFound("ResourceType", id));

        organization.MapGet("/Schemas", (Guid organizationId, HttpContext http) => Discovery(http, baseUrl =>
            List(AllSchemas.Select(s => ScimDiscovery.Schema(s, baseUrl))), organizationId));
        organization.MapGet("/Schemas/{id}", (Guid organizationId, string id, HttpContext http) =>
            AllSchemas.FirstOrDefault(s => string.Equals(s.Id, id, StringComparison.OrdinalIgnoreCase)) is { } schema
                ? Discovery(http, baseUrl => ScimDiscovery.Schema(schema, baseUrl), organizationId)
                : ScimRequests.NotFound("Schema", id));

        organization.Map("/Bulk", () => NotImplemented("Bulk operations are not supported by Workteam."));
        organization.Map("/Me", () => NotImplemented("/Me is not supported by Workteam."));
        organization.Map("/Me/{**rest}", () => NotImplemented("/Me is not supported by Workteam."));
        organization.Map("/.search", () => NotImplemented("Searching with POST /.search is not supported by Workteam."));
        organization.Map("/Users/.search", () => NotImplemented("Searching with POST /.search is not supported by Workteam."));
        organization.Map("/Groups/.search", () => NotImplemented("Searching with POST /.search is not supported by Workteam."));
    }

    private static IEnumerable<ScimSchema> AllSchemas => ScimResourceTypes.All.SelectMany(t => t.AllSchemas).Distinct();

    /// <summary>RFC 7644 §4: discovery endpoints take no filter ("SHOULD respond with 403").</summary>
    private static IResult Discovery(HttpContext http, Func<string, object> document, Guid organizationId) =>
        http.Request.Query.ContainsKey("filter")
            ? ScimResults.Error(StatusCodes.Status403Forbidden, "Discovery endpoints do not support filtering.")
            : ScimResults.Json(document(ScimRequests.Locations(http, organizationId).BaseUrl));

    private static ListResponse<JsonObject> List(IEnumerable<JsonObject> resources)
    {
        var all = resources.ToList();
        return new ListResponse<JsonObject>(all.Count, 1, all.Count, all);
    }

    private static IResult NotImplemented(string detail) => ScimResults.Error(StatusCodes.Status501NotImplemented, detail);
}
