using Workteam.ScimApi.Protocol.Schema;

namespace Workteam.ScimApi.Data.Queries;

/// <summary>
/// Where each SCIM attribute lives in the tables: indexed columns for the attributes lookups and references use,
/// the membership table for <c>members</c> and <c>groups</c>, and the <c>resource</c> jsonb for the rest.
/// The row alias is always <c>r</c>.
/// </summary>
internal static class ScimSqlColumns
{
    public static bool IsUser(ScimResourceType type) => type.Id == "User";

    /// <summary>A column-backed singular attribute, or null when the attribute lives in the jsonb document.</summary>
    public static SqlOperand? Column(ScimResourceType type, ResolvedAttribute resolved)
    {
        var name = resolved.Attribute.Name;
        var sub = resolved.SubAttribute?.Name;
        return (name, sub) switch
        {
            ("id", null) => new SqlOperand("r.id", SqlOperandType.Uuid),
            ("externalId", null) => new SqlOperand("r.external_id", SqlOperandType.Text, CaseExact: true),
            ("meta", "created") => new SqlOperand("r.created_at", SqlOperandType.DateTime),
            ("meta", "lastModified") => new SqlOperand("r.last_modified_at", SqlOperandType.DateTime),
            ("meta", "resourceType") => new SqlOperand($"'{type.Name}'::text", SqlOperandType.Text, CaseExact: true),
            ("meta", _) => throw Unfilterable(resolved),
            ("userName", null) when IsUser(type) => new SqlOperand("r.user_name", SqlOperandType.Text),
            ("active", null) when IsUser(type) => new SqlOperand("r.active", SqlOperandType.Boolean),
            ("manager", null or "value") when IsUser(type) => new SqlOperand("r.manager_id", SqlOperandType.Uuid),
            ("manager", "displayName") when IsUser(type) => new SqlOperand(
                "(SELECT coalesce(m.resource->>'displayName', m.user_name) FROM scim_users m WHERE m.id = r.manager_id)",
                SqlOperandType.Text),
            ("manager", _) when IsUser(type) => throw Unfilterable(resolved),
            ("displayName", null) when !IsUser(type) => new SqlOperand("r.display_name", SqlOperandType.Text),
            _ => null,
        };
    }

    /// <summary>The elements of a multi-valued attribute: membership rows, or the jsonb array's elements.</summary>
    public static SqlElementSource Elements(ScimResourceType type, ResolvedAttribute resolved, string alias)
    {
        switch (resolved.Attribute.Name)
        {
            case "members" when !IsUser(type):
                return new SqlElementSource(
                    $"EXISTS (SELECT 1 FROM scim_group_members {alias} LEFT JOIN scim_users {alias}u ON {alias}u.id = {alias}.user_id WHERE {alias}.group_id = r.id",
                    sub => sub switch
                    {
                        "value" => new SqlOperand($"{alias}.user_id", SqlOperandType.Uuid),
                        "display" => new SqlOperand($"coalesce({alias}u.resource->>'displayName', {alias}u.user_name)", SqlOperandType.Text),
                        "type" => new SqlOperand("'User'::text", SqlOperandType.Text),
                        _ => null,
                    });
            case "groups" when IsUser(type):
                return new SqlElementSource(
                    $"EXISTS (SELECT 1 FROM scim_group_members {alias} JOIN scim_groups {alias}g ON {alias}g.id = {alias}.group_id WHERE {alias}.user_id = r.id",
                    sub => sub switch
                    {
                        "value" => new SqlOperand($"{alias}.group_id", SqlOperandType.Uuid),
                        "display" => new SqlOperand($"{alias}g.display_name", SqlOperandType.Text),
                        "type" => new SqlOperand("'direct'::text", SqlOperandType.Text),
                        _ => null,
                    });
            default:
                var array = $"coalesce({Json(type, resolved)}, '[]'::jsonb)";
                return new SqlElementSource(
                    $"EXISTS (SELECT 1 FROM jsonb_array_elements({array}) AS {alias}(e) WHERE jsonb_typeof({alias}.e) = 'object'",
                    sub => resolved.Attribute.SubAttribute(sub) is { } definition
                        ? JsonText($"{alias}.e->>'{definition.Name}'", definition)
                        : null);
        }
    }

    /// <summary>A singular attribute stored in the jsonb document, typed by its definition.</summary>
    public static SqlOperand JsonOperand(ScimResourceType type, ResolvedAttribute resolved)
    {
        var container = Container(type, resolved);
        if (resolved.SubAttribute is { } sub)
        {
            return JsonText($"{container}->'{resolved.Attribute.Name}'->>'{sub.Name}'", sub);
        }

        return resolved.Attribute.Type == AttributeType.Complex
            ? new SqlOperand($"({container}->'{resolved.Attribute.Name}')", SqlOperandType.Complex)
            : JsonText($"{container}->>'{resolved.Attribute.Name}'", resolved.Attribute);
    }

    /// <summary>The jsonb value of an attribute (used for arrays).</summary>
    public static string Json(ScimResourceType type, ResolvedAttribute resolved) =>
        $"{Container(type, resolved)}->'{resolved.Attribute.Name}'";

    private static string Container(ScimResourceType type, ResolvedAttribute resolved) =>
        resolved.IsExtension(type) ? $"(r.resource->'{resolved.Schema.Id}')" : "r.resource";

    private static SqlOperand JsonText(string text, ScimAttribute definition) => definition.Type switch
    {
        AttributeType.Boolean => new SqlOperand($"({text})::boolean", SqlOperandType.Boolean),
        AttributeType.Decimal or AttributeType.Integer => new SqlOperand($"({text})::numeric", SqlOperandType.Number),
        AttributeType.DateTime => new SqlOperand($"({text})::timestamptz", SqlOperandType.DateTime),
        AttributeType.Complex => new SqlOperand($"({text})", SqlOperandType.Complex),
        _ => new SqlOperand($"({text})", SqlOperandType.Text, definition.CaseExact),
    };

    private static ScimFilterUnsupportedException Unfilterable(ResolvedAttribute resolved) =>
        new($"Filtering or sorting by '{resolved.Attribute.Name}{(resolved.SubAttribute is null ? "" : "." + resolved.SubAttribute.Name)}' is not supported.");
}

/// <summary>A filter that parses but asks for something Workteam cannot evaluate (400 invalidFilter).</summary>
public sealed class ScimFilterUnsupportedException(string message) : Exception(message);
