using System.Text.Json;
using System.Text.Json.Nodes;
using Workteam.ScimApi.Protocol.Filters;

namespace Workteam.ScimApi.Protocol.Patch;

/// <summary>Reads member ids from a PATCH value or from a <c>members[value eq "…"]</c> filter.</summary>
internal static class MemberValues
{
    /// <summary>
    /// Member ids, distinct and in request order, from an array of <c>{"value":…,"$ref":…,"type":…,"display":…}</c>
    /// objects, one such object, or bare id strings. Null and an empty array give no ids.
    /// </summary>
    public static IReadOnlyList<string> Read(JsonNode? value)
    {
        // Not a collection expression: next to the JsonArray arm it would build a JsonArray, and adopting a node
        // that belongs to the request throws.
        IEnumerable<JsonNode?> elements = value switch
        {
            null => Array.Empty<JsonNode?>(),
            JsonArray array => array,
            _ => new[] { value },
        };
        var ids = elements.Select(ReadId).Distinct(StringComparer.Ordinal).ToList();
        return ids.Count <= ScimInputLimits.MaxGroupMembersPerRequest
            ? ids
            : throw PatchErrors.InvalidValue(
                $"At most {ScimInputLimits.MaxGroupMembersPerRequest} members can be changed in one operation; split the request.");
    }

    /// <summary>
    /// The ids of <c>value eq "id"</c>, or several joined with <c>or</c>, as Entra sends with aadOptscim062020.
    /// Any other filter on members is refused.
    /// </summary>
    public static IReadOnlyList<string> FromFilter(FilterNode filter)
    {
        var ids = new List<string>();
        Collect(filter, ids);
        return [.. ids.Distinct(StringComparer.Ordinal)];
    }

    private static void Collect(FilterNode filter, List<string> ids)
    {
        switch (filter)
        {
            case OrFilter or:
                Collect(or.Left, ids);
                Collect(or.Right, ids);
                break;
            case ComparisonFilter { Operator: ComparisonOperator.Eq, Path: { SchemaUrn: null, SubAttribute: null } path, Value: var value }
                when string.Equals(path.Name, "value", StringComparison.OrdinalIgnoreCase):
                ids.Add(value is string { Length: > 0 } id
                    ? id
                    : throw PatchErrors.InvalidValue($"Member filter '{filter}' must compare 'value' with a non-empty member id string."));
                break;
            default:
                throw PatchErrors.InvalidFilter(
                    $"Filter '{filter}' on members is not supported: use members[value eq \"id\"], optionally joined with 'or'.");
        }
    }

    private static string ReadId(JsonNode? element)
    {
        var id = element switch
        {
            JsonObject member => member.FirstOrDefault(p => string.Equals(p.Key, "value", StringComparison.OrdinalIgnoreCase)).Value,
            _ => element,
        };
        return id is JsonValue text && text.GetValueKind() == JsonValueKind.String
            && text.GetValue<string>() is { Length: > 0 and <= ScimInputLimits.MaxStringLength } s
            ? s
            : throw PatchErrors.InvalidValue(
                $"Each member must be an object with a non-empty string 'value' (the member's id, at most {ScimInputLimits.MaxStringLength} characters), or that id as a string.");
    }
}
