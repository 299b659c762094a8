using System.Text.Json;
using System.Text.Json.Nodes;
using Workteam.ScimApi.Protocol.Schema;

namespace Workteam.ScimApi.Protocol;

/// <summary>Per-attribute rules for elements of <c>roles</c> and group <c>members</c>, around the generic complex reading.</summary>
internal static class MultiValuedElementRules
{
    public static bool IsGroupMembers(ScimAttribute attribute) => attribute.Name == "members";

    private static bool IsRoles(ScimAttribute attribute) => attribute.Name == "roles";

    public static JsonObject? Apply(ScimAttribute attribute, JsonObject element, Func<JsonObject, JsonObject?> read, string name)
    {
        if (IsRoles(attribute))
        {
            return DecodeRole(read(RenameDisplayName(element)), name);
        }

        if (IsGroupMembers(attribute))
        {
            return CheckMember(read(element), name);
        }

        return read(element);
    }

    /// <summary>Entra's AppRoleAssignmentsComplex mapping sends the role's name as <c>displayName</c>.</summary>
    private static JsonObject RenameDisplayName(JsonObject element)
    {
        var hasDisplay = element.Any(p => string.Equals(p.Key, "display", StringComparison.OrdinalIgnoreCase));
        var renamed = new JsonObject();
        foreach (var (key, value) in element)
        {
            var isDisplayName = string.Equals(key, "displayName", StringComparison.OrdinalIgnoreCase);
            if (!(isDisplayName && hasDisplay))
            {
                renamed[isDisplayName ? "display" : key] = value?.DeepClone();
            }
        }

        return renamed;
    }

    /// <summary>
    /// Without the aadOptscim062020 flag Entra sends a role's <c>value</c> as a JSON-encoded object
    /// (<c>{"id":…,"value":"25","displayName":"Role1234"}</c>); the role is its inner value and display name.
    /// </summary>
    private static JsonObject? DecodeRole(JsonObject? role, string name)
    {
        if (role?["value"] is not JsonValue value || value.GetValue<string>() is not ['{', ..] text
            || TryParseObject(text) is not { } encoded)
        {
            return role;
        }

        role.Remove("value");
        if (encoded["value"] is { } innerValue && ScimValueReader.ReadString(innerValue, $"{name}.value", ScimInputLimits.MaxStringLength) is { } read)
        {
            role["value"] = read;
        }

        if (role["display"] is null && encoded["displayName"] is { } innerDisplay
            && ScimValueReader.ReadString(innerDisplay, $"{name}.display", ScimInputLimits.MaxStringLength) is { } display)
        {
            role["display"] = display;
        }

        return role.Count == 0 ? null : role;
    }

    private static JsonObject? TryParseObject(string text)
    {
        try
        {
            return JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static JsonObject CheckMember(JsonObject? member, string name)
    {
        if (member?["value"] is null)
        {
            throw ScimProtocolException.InvalidValue($"Each value of '{name}' needs a non-empty string 'value': the member's id.");
        }

        if (member["type"] is JsonValue type)
        {
            var text = type.GetValue<string>();
            member["type"] = text.Equals("User", StringComparison.OrdinalIgnoreCase) ? "User"
                : text.Equals("Group", StringComparison.OrdinalIgnoreCase) ? "Group"
                : throw ScimProtocolException.InvalidValue($"Attribute '{name}.type' must be User or Group, not '{text}'.");
        }

        return member;
    }
}
