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
        organization.MapGet("/Users", async (Guid organizationId, string? filter, HttpRequest request, ScimDbContext db, CancellationToken cancellationToken) =>
        {
            var users = db.Users.AsNoTracking().Where(u => u.OrganizationId == organizationId);
            if (filter is not null)
            {
                if (!EqualityFilter.TryParse(filter, out var parsed, out var error))
                {
                    return ScimResults.Error(StatusCodes.Status400BadRequest, error!, "invalidFilter");
                }

                switch (parsed!.Attribute.ToLowerInvariant())
                {
                    case "username":
                        var userName = parsed.Value.ToLowerInvariant();
                        users = users.Where(u => u.UserName.ToLower() == userName);
                        break;
                    case "externalid":
                        users = users.Where(u => u.ExternalId == parsed.Value);
                        break;
                    case "id":
                        users = Guid.TryParse(parsed.Value, out var id) ? users.Where(u => u.Id == id) : users.Where(_ => false);
                        break;
                    default:
                        return ScimResults.Error(StatusCodes.Status400BadRequest, $"Filtering Users by '{parsed.Attribute}' is not supported.", "invalidFilter");
                }
            }

            var found = await users.OrderBy(u => u.CreatedAt).Take(MaxResults).ToListAsync(cancellationToken);
            var total = found.Count < MaxResults ? found.Count : await users.CountAsync(cancellationToken);
            return ScimResults.Json(new ListResponse<JsonObject>(total, 1, found.Count, found.Select(u => Represent(u, request)).ToList()));
        });

        organization.MapGet("/Groups", async (Guid organizationId, string? filter, HttpRequest request, ScimDbContext db, CancellationToken cancellationToken) =>
        {
            var groups = db.Groups.AsNoTracking().Where(g => g.OrganizationId == organizationId);
            if (filter is not null)
            {
                if (!EqualityFilter.TryParse(filter, out var parsed, out var error))
                {
                    return ScimResults.Error(StatusCodes.Status400BadRequest, error!, "invalidFilter");
                }

                switch (parsed!.Attribute.ToLowerInvariant())
                {
                    case "displayname":
                        var displayName = parsed.Value.ToLowerInvariant();
                        groups = groups.Where(g => g.DisplayName.ToLower() == displayName);
                        break;
                    case "externalid":
                        groups = groups.Where(g => g.ExternalId == parsed.Value);
                        break;
                    case "id":
                        groups = Guid.TryParse(parsed.Value, out var id) ? groups.Where(g => g.Id == id) : groups.Where(_ => false);
                        break;
                    default:
                        return ScimResults.Error(StatusCodes.Status400BadRequest, $"Filtering Groups by '{parsed.Attribute}' is not supported.", "invalidFilter");
                }
            }

            var found = await groups.OrderBy(g => g.CreatedAt).Take(MaxResults).ToListAsync(cancellationToken);
            var total = found.Count < MaxResults ? found.Count : await groups.CountAsync(cancellationToken);
            return ScimResults.Json(new ListResponse<JsonObject>(total, 1, found.Count, found.Select(g => Represent(g, request)).ToList()));
        });
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
