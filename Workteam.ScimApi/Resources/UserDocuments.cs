using System.Text.Json;
using System.Text.Json.Nodes;
using Workteam.Contracts.Provisioning;
using Workteam.ScimApi.Data;
using Workteam.ScimApi.Protocol;
using Workteam.ScimApi.Protocol.Schema;

namespace Workteam.ScimApi.Resources;

/// <summary>A stored user with what its representation adds from other rows: the manager's name and the groups.</summary>
public sealed record UserView(ScimUser User, string? ManagerDisplayName, JsonArray? Groups);

/// <summary>Converts between the stored user row and its SCIM representations.</summary>
public static class UserDocuments
{
    private static string EnterpriseUrn => ScimSchemas.EnterpriseUser.Id;

    /// <summary>The canonical resource (as the resource reader makes it), with the manager as {"value": id}.</summary>
    public static JsonObject Canonical(ScimUser user)
    {
        var resource = JsonNode.Parse(user.Resource.RootElement.GetRawText())!.AsObject();
        if (user.ManagerId is { } managerId)
        {
            Enterprise(resource, create: true)!["manager"] = new JsonObject { ["value"] = managerId.ToString() };
        }

        return resource;
    }

    /// <summary>The manager id a canonical resource names, or null when it has none.</summary>
    public static string? ManagerValue(JsonObject canonical) =>
        Enterprise(canonical, create: false)?["manager"]?["value"]?.GetValue<string>();

    /// <summary>Writes a canonical resource into the row: the lookup columns and the document without the manager.</summary>
    public static void Store(ScimUser user, JsonObject canonical, Guid? managerId)
    {
        var document = canonical.DeepClone().AsObject();
        if (Enterprise(document, create: false) is { } enterprise)
        {
            enterprise.Remove("manager");
            if (enterprise.Count == 0)
            {
                document.Remove(EnterpriseUrn);
            }
        }

        document["active"] = document["active"]?.GetValue<bool>() ?? true;
        user.UserName = document["userName"]!.GetValue<string>();
        user.ExternalId = document["externalId"]?.GetValue<string>();
        user.Active = document["active"]!.GetValue<bool>();
        user.ManagerId = managerId;
        user.EmailValues = Emails(document).Select(e => e.Value.ToLowerInvariant()).Distinct().ToArray();
        user.Resource = JsonSerializer.SerializeToDocument(document);
    }

    public static JsonObject Render(UserView view, ScimLocations locations)
    {
        var user = view.User;
        var stored = JsonNode.Parse(user.Resource.RootElement.GetRawText())!.AsObject();
        var schemas = new JsonArray(ScimSchemas.User.Id);
        var resource = new JsonObject { ["schemas"] = schemas, ["id"] = user.Id.ToString() };
        foreach (var (key, value) in stored)
        {
            resource[key] = value?.DeepClone();
        }

        if (user.ManagerId is { } managerId)
        {
            var manager = new JsonObject { ["value"] = managerId.ToString(), ["$ref"] = locations.User(managerId) };
            if (view.ManagerDisplayName is not null)
            {
                manager["displayName"] = view.ManagerDisplayName;
            }

            Enterprise(resource, create: true)!["manager"] = manager;
        }

        if (resource.ContainsKey(EnterpriseUrn))
        {
            schemas.Add(EnterpriseUrn);
        }

        if (view.Groups is { Count: > 0 } groups)
        {
            resource["groups"] = new JsonArray([.. groups.Select(g => (JsonNode)new JsonObject
            {
                ["value"] = g!["value"]!.DeepClone(),
                ["$ref"] = locations.Group(Guid.Parse(g["value"]!.GetValue<string>())),
                ["display"] = g["display"]!.DeepClone(),
                ["type"] = "direct",
            })]);
        }

        resource["meta"] = Meta("User", locations.User(user.Id), user.Version, user.CreatedAt, user.LastModifiedAt);
        return resource;
    }

    public static JsonObject Meta(string resourceType, string location, long version, DateTimeOffset created, DateTimeOffset lastModified) => new()
    {
        ["resourceType"] = resourceType,
        ["created"] = ScimTimestamps.Format(created),
        ["lastModified"] = ScimTimestamps.Format(lastModified),
        ["location"] = location,
        ["version"] = ScimTimestamps.ETag(version),
    };

    /// <summary>What Directory needs from a user (the lifecycle events carry it).</summary>
    public static ScimUserProfile Profile(ScimUser user)
    {
        var document = user.Resource.RootElement;
        return new ScimUserProfile(
            user.UserName,
            user.ExternalId,
            user.Active,
            Text(document, "displayName"),
            document.TryGetProperty("name", out var name) ? Text(name, "givenName") : null,
            document.TryGetProperty("name", out name) ? Text(name, "familyName") : null,
            Emails(JsonNode.Parse(document.GetRawText())!.AsObject()).ToList(),
            Text(document, "title"),
            document.TryGetProperty(EnterpriseUrn, out var enterprise) ? Text(enterprise, "department") : null,
            user.ManagerId,
            Roles(document),
            OtherAttributes(document));
    }

    /// <summary>The attributes people read that the profile has no field for, by the name the console shows.</summary>
    public static IReadOnlyDictionary<string, string> OtherAttributes(JsonElement document)
    {
        var found = new SortedDictionary<string, string>(StringComparer.Ordinal);
        void Add(string label, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                found[label] = value;
            }
        }

        Add("Nickname", Text(document, "nickName"));
        Add("User type", Text(document, "userType"));
        Add("Preferred language", Text(document, "preferredLanguage"));
        Add("Locale", Text(document, "locale"));
        Add("Time zone", Text(document, "timezone"));
        foreach (var phone in Items(document, "phoneNumbers"))
        {
            Add($"Phone ({Text(phone, "type") ?? "other"})", Text(phone, "value"));
        }

        foreach (var address in Items(document, "addresses"))
        {
            var parts = new[] { "formatted", "streetAddress", "locality", "region", "postalCode", "country" }.Select(p => Text(address, p)).OfType<string>();
            Add($"Address ({Text(address, "type") ?? "other"})", Text(address, "formatted") ?? string.Join(", ", parts));
        }

        if (document.TryGetProperty(EnterpriseUrn, out var enterprise))
        {
            Add("Employee number", Text(enterprise, "employeeNumber"));
            Add("Cost center", Text(enterprise, "costCenter"));
            Add("Organization", Text(enterprise, "organization"));
            Add("Division", Text(enterprise, "division"));
        }

        return found;
    }

    private static IEnumerable<JsonElement> Items(JsonElement document, string property) =>
        document.TryGetProperty(property, out var items) && items.ValueKind == JsonValueKind.Array ? items.EnumerateArray() : [];

    public static IReadOnlyList<string> Roles(JsonElement document) =>
        document.TryGetProperty("roles", out var roles) && roles.ValueKind == JsonValueKind.Array
            ? roles.EnumerateArray().Select(r => Text(r, "value")).OfType<string>().Order(StringComparer.Ordinal).ToList()
            : [];

    private static IEnumerable<ScimUserEmail> Emails(JsonObject document) =>
        document["emails"] is JsonArray emails
            ? emails.OfType<JsonObject>()
                .Where(e => e["value"] is JsonValue)
                .Select(e => new ScimUserEmail(e["value"]!.GetValue<string>(), e["type"]?.GetValue<string>(), e["primary"]?.GetValue<bool>() ?? false))
            : [];

    private static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static JsonObject? Enterprise(JsonObject resource, bool create)
    {
        if (resource[EnterpriseUrn] is JsonObject enterprise)
        {
            return enterprise;
        }

        if (!create)
        {
            return null;
        }

        enterprise = [];
        resource[EnterpriseUrn] = enterprise;
        return enterprise;
    }
}
