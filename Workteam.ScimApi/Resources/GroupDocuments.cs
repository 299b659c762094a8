using System.Text.Json.Nodes;
using Workteam.ScimApi.Protocol.Schema;

namespace Workteam.ScimApi.Resources;

public static class GroupDocuments
{
    public static JsonObject Render(GroupView view, ScimLocations locations)
    {
        var group = view.Group;
        var resource = new JsonObject
        {
            ["schemas"] = new JsonArray(ScimSchemas.Group.Id),
            ["id"] = group.Id.ToString(),
        };
        if (group.ExternalId is not null)
        {
            resource["externalId"] = group.ExternalId;
        }

        resource["displayName"] = group.DisplayName;
        if (view.Members is { } members)
        {
            resource["members"] = new JsonArray([.. members.Select(m => (JsonNode)new JsonObject
            {
                ["value"] = m.UserId.ToString(),
                ["$ref"] = locations.User(m.UserId),
                ["type"] = "User",
                ["display"] = m.Display,
            })]);
        }

        resource["meta"] = UserDocuments.Meta("Group", locations.Group(group.Id), group.Version, group.CreatedAt, group.LastModifiedAt);
        return resource;
    }
}
