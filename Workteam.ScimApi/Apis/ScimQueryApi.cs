using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Workteam.ScimApi.Data;
using Workteam.ScimApi.Protocol;

namespace Workteam.ScimApi.Apis;

/// <summary>
/// GET /Users and GET /Groups with an equality filter: how Entra looks a resource up, and its Test Connection.
/// </summary>
public static class ScimQueryApi
{
    private const int MaxResults = 100;
    private const string UserSchema = "urn:ietf:params:scim:schemas:core:2.0:User";
    private const string GroupSchema = "urn:ietf:params:scim:schemas:core:2.0:Group";

    public static void MapScimQueryApi(this RouteGroupBuilder organization)
    {
        organization.MapGet("/Users", (Guid organizationId, string? filter, HttpRequest request, ScimDbContext db, CancellationToken cancellationToken) =>
            ListAsync(db.Users.AsNoTracking().Where(u => u.OrganizationId == organizationId), filter, FilterUsers, u => u.CreatedAt, u => Represent(u, request), cancellationToken));

        organization.MapGet("/Groups", (Guid organizationId, string? filter, HttpRequest request, ScimDbContext db, CancellationToken cancellationToken) =>
            ListAsync(db.Groups.AsNoTracking().Where(g => g.OrganizationId == organizationId), filter, FilterGroups, g => g.CreatedAt, g => Represent(g, request), cancellationToken));
    }

    /// <summary>Filters, pages and renders one kind of resource; an unsupported filter is a 400 <c>invalidFilter</c>.</summary>
    private static async Task<IResult> ListAsync<T>(
        IQueryable<T> resources,
        string? filter,
        Func<IQueryable<T>, EqualityFilter, IQueryable<T>?> applyFilter,
        System.Linq.Expressions.Expression<Func<T, DateTimeOffset>> order,
        Func<T, JsonObject> represent,
        CancellationToken cancellationToken)
    {
        if (filter is not null)
        {
            if (!EqualityFilter.TryParse(filter, out var parsed, out var error))
            {
                return ScimResults.Error(StatusCodes.Status400BadRequest, error!, "invalidFilter");
            }

            var filtered = applyFilter(resources, parsed!);
            if (filtered is null)
            {
                return ScimResults.Error(StatusCodes.Status400BadRequest, $"Filtering by '{parsed!.Attribute}' is not supported.", "invalidFilter");
            }

            resources = filtered;
        }

        var found = await resources.OrderBy(order).Take(MaxResults).ToListAsync(cancellationToken);
        var total = found.Count < MaxResults ? found.Count : await resources.CountAsync(cancellationToken);
        return ScimResults.Json(new ListResponse<JsonObject>(total, 1, found.Count, found.Select(represent).ToList()));
    }

    // userName and displayName match case-insensitively (the lower() expression indexes), ids and externalId exactly.
    private static IQueryable<ScimUser>? FilterUsers(IQueryable<ScimUser> users, EqualityFilter filter)
    {
        var lowered = filter.Value.ToLowerInvariant();
        return filter.Attribute.ToLowerInvariant() switch
        {
            "username" => users.Where(u => u.UserName.ToLower() == lowered),
            "externalid" => users.Where(u => u.ExternalId == filter.Value),
            "id" => Guid.TryParse(filter.Value, out var id) ? users.Where(u => u.Id == id) : users.Where(_ => false),
            _ => null,
        };
    }

    private static IQueryable<ScimGroup>? FilterGroups(IQueryable<ScimGroup> groups, EqualityFilter filter)
    {
        var lowered = filter.Value.ToLowerInvariant();
        return filter.Attribute.ToLowerInvariant() switch
        {
            "displayname" => groups.Where(g => g.DisplayName.ToLower() == lowered),
            "externalid" => groups.Where(g => g.ExternalId == filter.Value),
            "id" => Guid.TryParse(filter.Value, out var id) ? groups.Where(g => g.Id == id) : groups.Where(_ => false),
            _ => null,
        };
    }

    private static JsonObject Represent(ScimUser user, HttpRequest request)
    {
        var resource = JsonNode.Parse(user.Resource.RootElement.GetRawText())!.AsObject();
        resource["schemas"] ??= new JsonArray(UserSchema);
        resource["id"] = user.Id.ToString();
        resource["userName"] = user.UserName;
        resource["active"] = user.Active;
        resource["meta"] = Meta("User", user.Id, user.Version, user.CreatedAt, user.LastModifiedAt, request);
        return resource;
    }

    private static JsonObject Represent(ScimGroup group, HttpRequest request) => new()
    {
        ["schemas"] = new JsonArray(GroupSchema),
        ["id"] = group.Id.ToString(),
        ["displayName"] = group.DisplayName,
        ["externalId"] = group.ExternalId,
        ["meta"] = Meta("Group", group.Id, group.Version, group.CreatedAt, group.LastModifiedAt, request),
    };

    private static JsonObject Meta(string resourceType, Guid id, long version, DateTimeOffset created, DateTimeOffset lastModified, HttpRequest request) => new()
    {
        ["resourceType"] = resourceType,
        ["created"] = created.ToString("O"),
        ["lastModified"] = lastModified.ToString("O"),
        ["version"] = $"W/\"{version}\"",
        ["location"] = $"{request.PathBase}{request.Path}/{id}",
    };
}
