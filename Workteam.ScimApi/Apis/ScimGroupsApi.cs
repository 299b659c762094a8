using System.Text.Json.Nodes;
using Workteam.ScimApi.Protocol;
using Workteam.ScimApi.Protocol.Patch;
using Workteam.ScimApi.Protocol.Schema;
using Workteam.ScimApi.Resources;

namespace Workteam.ScimApi.Apis;

/// <summary>RFC 7644 /Groups. Members are loaded only when the response includes them.</summary>
public static class ScimGroupsApi
{
    public static void MapScimGroupsApi(this RouteGroupBuilder organization)
    {
        var groups = organization.MapGroup("/Groups");
        groups.MapGet("", ListAsync);
        groups.MapGet("/{id}", GetAsync);
        groups.MapPost("", CreateAsync);
        groups.MapPut("/{id}", ReplaceAsync);
        groups.MapPatch("/{id}", PatchAsync);
        groups.MapDelete("/{id}", DeleteAsync);
    }

    private static async Task<IResult> ListAsync(
        Guid organizationId, string? filter, string? sortBy, string? sortOrder, string? startIndex, string? count,
        HttpContext http, GroupQueries queries, CancellationToken cancellationToken)
    {
        var request = ListRequest.From(filter, sortBy, sortOrder, startIndex, count);
        var (attributes, excluded) = ScimRequests.Projection(http.Request);
        var (total, groups) = await queries.ListAsync(organizationId, request, WithMembers(attributes, excluded), cancellationToken);
        var locations = ScimRequests.Locations(http, organizationId);
        if (attributes is null && excluded is null)
        {
            return ScimResults.Json(new ListResponse<WrittenGroup>((int)total, request.StartIndex, groups.Count, [.. groups.Select(g => new WrittenGroup(g, locations))]));
        }

        var resources = groups.Select(g => ScimProjection.ApplyToOwn(ScimResourceTypes.Group, GroupDocuments.Render(g, locations), attributes, excluded)).ToList();
        return ScimResults.Json(new ListResponse<JsonObject>((int)total, request.StartIndex, resources.Count, resources));
    }

    private static async Task<IResult> GetAsync(Guid organizationId, string id, HttpContext http, GroupQueries queries, CancellationToken cancellationToken)
    {
        var (attributes, excluded) = ScimRequests.Projection(http.Request);
        if (ScimRequests.ParseId(id) is not { } groupId
            || await queries.GetAsync(organizationId, groupId, WithMembers(attributes, excluded), cancellationToken) is not { } view)
        {
            return ScimRequests.NotFound("Group", id);
        }

        return Preconditions.NoneMatch(http.Request.Headers.IfNoneMatch, view.Group.Version)
            ? Results.StatusCode(StatusCodes.Status304NotModified)
            : Respond(http, view, StatusCodes.Status200OK, organizationId);
    }

    private static async Task<IResult> CreateAsync(
        Guid organizationId, HttpContext http, GroupStore store, GroupQueries queries, CancellationToken cancellationToken)
    {
        var canonical = ScimResourceReader.ReadResource(ScimResourceTypes.Group, await ScimRequests.ReadObjectAsync(http.Request, cancellationToken));
        http.Items[ScimRequestRecorder.SubjectItem] = canonical["displayName"]?.GetValue<string>();
        var group = await store.CreateAsync(organizationId, canonical, cancellationToken);
        return await RespondAsync(http, queries, organizationId, group.Id, StatusCodes.Status201Created, cancellationToken);
    }

    private static async Task<IResult> ReplaceAsync(
        Guid organizationId, string id, HttpContext http, GroupStore store, GroupQueries queries, CancellationToken cancellationToken)
    {
        var canonical = ScimResourceReader.ReadResource(ScimResourceTypes.Group, await ScimRequests.ReadObjectAsync(http.Request, cancellationToken));
        http.Items[ScimRequestRecorder.SubjectItem] = canonical["displayName"]?.GetValue<string>();
        var attributes = new JsonObject { ["displayName"] = canonical["displayName"]!.DeepClone(), ["externalId"] = canonical["externalId"]?.DeepClone() };
        return await ChangeAsync(organizationId, id, http, store, queries,
            _ => new GroupPatchPlan(attributes, [new ReplaceMembers(GroupStore.MemberIds(canonical))]), alwaysRespond: true, cancellationToken);
    }

    /// <summary>Entra expects 204; with <c>attributes</c> or <c>excludedAttributes</c> the group comes back (RFC 7644 §3.5.2).</summary>
    private static async Task<IResult> PatchAsync(
        Guid organizationId, string id, HttpContext http, GroupStore store, GroupQueries queries, ScimWrite write, CancellationToken cancellationToken)
    {
        var operations = PatchRequest.Read(await ScimRequests.ReadObjectAsync(http.Request, cancellationToken));
        var (attributes, excluded) = ScimRequests.Projection(http.Request);
        var alwaysRespond = attributes is not null || excluded is not null;
        write.Status = alwaysRespond ? StatusCodes.Status200OK : StatusCodes.Status204NoContent;
        return await ChangeAsync(organizationId, id, http, store, queries,
            current => GroupPatchPlanner.Plan(current, operations), alwaysRespond, cancellationToken);
    }

    private static async Task<IResult> DeleteAsync(Guid organizationId, string id, HttpContext http, GroupStore store, CancellationToken cancellationToken) =>
        ScimRequests.ParseId(id) is { } groupId && await store.DeleteAsync(organizationId, groupId, http.Request.Headers.IfMatch, cancellationToken)
            ? Results.NoContent()
            : ScimRequests.NotFound("Group", id);

    private static async Task<IResult> ChangeAsync(
        Guid organizationId, string id, HttpContext http, GroupStore store, GroupQueries queries,
        Func<JsonObject, GroupPatchPlan> plan, bool alwaysRespond, CancellationToken cancellationToken)
    {
        if (ScimRequests.ParseId(id) is not { } groupId
            || await store.ChangeAsync(organizationId, groupId, http.Request.Headers.IfMatch, plan, cancellationToken) is not { } group)
        {
            return ScimRequests.NotFound("Group", id);
        }

        if (!alwaysRespond)
        {
            http.Response.Headers.ETag = ScimTimestamps.ETag(group.Version);
            return Results.NoContent();
        }

        return await RespondAsync(http, queries, organizationId, groupId, StatusCodes.Status200OK, cancellationToken);
    }

    private static async Task<IResult> RespondAsync(
        HttpContext http, GroupQueries queries, Guid organizationId, Guid groupId, int status, CancellationToken cancellationToken)
    {
        var (attributes, excluded) = ScimRequests.Projection(http.Request);
        var view = await queries.GetAsync(organizationId, groupId, WithMembers(attributes, excluded), cancellationToken);
        return view is null ? ScimRequests.NotFound("Group", groupId.ToString()) : Respond(http, view, status, organizationId);
    }

    private static IResult Respond(HttpContext http, GroupView view, int status, Guid organizationId)
    {
        var (attributes, excluded) = ScimRequests.Projection(http.Request);
        var resource = GroupDocuments.Render(view, ScimRequests.Locations(http, organizationId));
        var projected = ScimProjection.Apply(ScimResourceTypes.Group, resource, attributes, excluded);
        projected["meta"] ??= resource["meta"]!.DeepClone();
        return ScimRequests.Resource(http, projected, view.Group.Version, status);
    }

    private static bool WithMembers(string? attributes, string? excluded) =>
        ScimProjection.Includes(ScimResourceTypes.Group, "members", attributes, excluded);
}
