using System.Text.Json.Nodes;
using Workteam.ScimApi.Protocol;
using Workteam.ScimApi.Protocol.Patch;
using Workteam.ScimApi.Protocol.Schema;
using Workteam.ScimApi.Resources;

namespace Workteam.ScimApi.Apis;

/// <summary>RFC 7644 /Users: query, read, create, replace, patch and delete.</summary>
public static class ScimUsersApi
{
    public static void MapScimUsersApi(this RouteGroupBuilder organization)
    {
        var users = organization.MapGroup("/Users");
        users.MapGet("", ListAsync);
        users.MapGet("/{id}", GetAsync);
        users.MapPost("", CreateAsync);
        users.MapPut("/{id}", ReplaceAsync);
        users.MapPatch("/{id}", PatchAsync);
        users.MapDelete("/{id}", DeleteAsync);
    }

    private static async Task<IResult> ListAsync(
        Guid organizationId, string? filter, string? sortBy, string? sortOrder, string? startIndex, string? count,
        HttpContext http, UserQueries queries, CancellationToken cancellationToken)
    {
        var request = ListRequest.From(filter, sortBy, sortOrder, startIndex, count);
        var (attributes, excluded) = ScimRequests.Projection(http.Request);
        var withGroups = ScimProjection.Includes(ScimResourceTypes.User, "groups", attributes, excluded);
        var (total, users) = await queries.ListAsync(organizationId, request, withGroups, cancellationToken);
        var locations = ScimRequests.Locations(http, organizationId);
        var resources = users.Select(u => ScimProjection.ApplyToOwn(ScimResourceTypes.User, UserDocuments.Render(u, locations), attributes, excluded)).ToList();
        return ScimResults.Json(new ListResponse<JsonObject>((int)total, request.StartIndex, resources.Count, resources));
    }

    private static async Task<IResult> GetAsync(Guid organizationId, string id, HttpContext http, UserQueries queries, CancellationToken cancellationToken)
    {
        var (attributes, excluded) = ScimRequests.Projection(http.Request);
        var withGroups = ScimProjection.Includes(ScimResourceTypes.User, "groups", attributes, excluded);
        if (ScimRequests.ParseId(id) is not { } userId || await queries.GetAsync(organizationId, userId, withGroups, cancellationToken) is not { } view)
        {
            return ScimRequests.NotFound("User", id);
        }

        if (Preconditions.NoneMatch(http.Request.Headers.IfNoneMatch, view.User.Version))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        return Respond(http, view, StatusCodes.Status200OK, organizationId);
    }

    private static async Task<IResult> CreateAsync(Guid organizationId, HttpContext http, UserStore store, CancellationToken cancellationToken)
    {
        var canonical = ScimResourceReader.ReadResource(ScimResourceTypes.User, await ScimRequests.ReadObjectAsync(http.Request, cancellationToken));
        http.Items[ScimRequestRecorder.SubjectItem] = canonical["userName"]?.GetValue<string>();
        return Respond(http, await store.CreateAsync(organizationId, canonical, cancellationToken), StatusCodes.Status201Created, organizationId);
    }

    private static async Task<IResult> ReplaceAsync(
        Guid organizationId, string id, HttpContext http, UserStore store, UserQueries queries, CancellationToken cancellationToken)
    {
        var canonical = ScimResourceReader.ReadResource(ScimResourceTypes.User, await ScimRequests.ReadObjectAsync(http.Request, cancellationToken));
        http.Items[ScimRequestRecorder.SubjectItem] = canonical["userName"]?.GetValue<string>();
        return await ChangeAsync(organizationId, id, http, store, queries, _ => canonical, cancellationToken);
    }

    private static async Task<IResult> PatchAsync(
        Guid organizationId, string id, HttpContext http, UserStore store, UserQueries queries, CancellationToken cancellationToken)
    {
        var operations = PatchRequest.Read(await ScimRequests.ReadObjectAsync(http.Request, cancellationToken));
        return await ChangeAsync(organizationId, id, http, store, queries,
            resource => ResourcePatcher.Apply(ScimResourceTypes.User, resource, operations), cancellationToken);
    }

    private static async Task<IResult> DeleteAsync(Guid organizationId, string id, HttpContext http, UserStore store, CancellationToken cancellationToken) =>
        ScimRequests.ParseId(id) is { } userId && await store.DeleteAsync(organizationId, userId, http.Request.Headers.IfMatch, cancellationToken)
            ? Results.NoContent()
            : ScimRequests.NotFound("User", id);

    private static async Task<IResult> ChangeAsync(
        Guid organizationId, string id, HttpContext http, UserStore store, UserQueries queries,
        Func<JsonObject, JsonObject> change, CancellationToken cancellationToken)
    {
        if (ScimRequests.ParseId(id) is not { } userId
            || await store.ChangeAsync(organizationId, userId, http.Request.Headers.IfMatch, change, cancellationToken) is null)
        {
            return ScimRequests.NotFound("User", id);
        }

        return await RespondAsync(http, queries, organizationId, userId, StatusCodes.Status200OK, cancellationToken);
    }

    /// <summary>Answers a write with the resource as stored, read back with its manager's name and groups.</summary>
    private static async Task<IResult> RespondAsync(
        HttpContext http, UserQueries queries, Guid organizationId, Guid userId, int status, CancellationToken cancellationToken)
    {
        var (attributes, excluded) = ScimRequests.Projection(http.Request);
        var withGroups = ScimProjection.Includes(ScimResourceTypes.User, "groups", attributes, excluded);
        var view = await queries.GetAsync(organizationId, userId, withGroups, cancellationToken);
        return view is null ? ScimRequests.NotFound("User", userId.ToString()) : Respond(http, view, status, organizationId);
    }

    private static IResult Respond(HttpContext http, UserView view, int status, Guid organizationId)
    {
        var (attributes, excluded) = ScimRequests.Projection(http.Request);
        var resource = UserDocuments.Render(view, ScimRequests.Locations(http, organizationId));
        var projected = ScimProjection.Apply(ScimResourceTypes.User, resource, attributes, excluded);
        projected["meta"] ??= resource["meta"]!.DeepClone();
        return ScimRequests.Resource(http, projected, view.User.Version, status);
    }
}
