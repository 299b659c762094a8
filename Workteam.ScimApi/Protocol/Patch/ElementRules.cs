using System.Text.Json;
using System.Text.Json.Nodes;
using Workteam.ScimApi.Protocol.Filters;

namespace Workteam.ScimApi.Protocol.Patch;

/// <summary>Rules for the elements of multi-valued attributes that PATCH needs: equality, primary, emptiness.</summary>
internal static class ElementRules
{
    private static readonly string[] LabelSubAttributes = ["type", "primary", "display"];

    /// <summary>Equal values; object keys compare case-insensitively and in any order.</summary>
    public static bool AreEqual(JsonNode? left, JsonNode? right) => (left, right) switch
    {
        (null, null) => true,
        (JsonObject a, JsonObject b) => a.Count == b.Count && a.All(p => Find(b, p.Key, out var other) && AreEqual(p.Value, other)),
        (JsonArray a, JsonArray b) => a.Count == b.Count && a.Zip(b).All(p => AreEqual(p.First, p.Second)),
        (JsonValue a, JsonValue b) => JsonNode.DeepEquals(a, b),
        _ => false,
    };

    /// <summary>Whether every sub-attribute given in <paramref name="pattern"/> has the same value in <paramref name="element"/>.</summary>
    public static bool Contains(JsonNode? element, JsonNode? pattern) => (element, pattern) switch
    {
        (JsonObject e, JsonObject p) => p.All(s => Find(e, s.Key, out var value) && AreEqual(value, s.Value)),
        _ => AreEqual(element, pattern),
    };

    /// <summary>
    /// RFC 7643 §2.4: at most one element is primary. When the operation made one of <paramref name="touched"/>
    /// primary, every other element stops being primary.
    /// </summary>
    public static void DemoteOtherPrimaries(JsonArray elements, IReadOnlyCollection<JsonNode> touched)
    {
        if (!touched.Any(IsPrimary))
        {
            return;
        }

        foreach (var element in elements.OfType<JsonObject>())
        {
            if (!touched.Any(t => ReferenceEquals(t, element)) && IsPrimary(element))
            {
                element["primary"] = false;
            }
        }
    }

    /// <summary>An element left with only labels (type, primary, display) holds no value any more, e.g. an email without an address.</summary>
    public static bool IsHollow(JsonObject element) =>
        element.All(p => LabelSubAttributes.Contains(p.Key, StringComparer.OrdinalIgnoreCase));

    /// <summary>
    /// The element a valuePath filter describes, for an add or replace that matched nothing: <c>type eq "work"</c>
    /// gives <c>{"type":"work"}</c>. Null unless the filter is a conjunction of <c>eq</c> comparisons.
    /// </summary>
    public static JsonObject? FromFilter(FilterNode filter)
    {
        var element = new JsonObject();
        return Collect(filter, element) ? element : null;
    }

    private static bool Collect(FilterNode filter, JsonObject element) => filter switch
    {
        AndFilter and => Collect(and.Left, element) && Collect(and.Right, element),
        ComparisonFilter { Operator: ComparisonOperator.Eq, Path: { SchemaUrn: null, SubAttribute: null } path, Value: { } value }
            when !Find(element, path.Name, out _) => Set(element, path.Name, value),
        _ => false,
    };

    private static bool Set(JsonObject element, string name, object value)
    {
        element[name] = value switch
        {
            string text => JsonValue.Create(text),
            bool boolean => JsonValue.Create(boolean),
            decimal number => JsonValue.Create(number),
            _ => null,
        };
        return element[name] is not null;
    }

    private static bool IsPrimary(JsonNode? element) =>
        element is JsonObject obj && Find(obj, "primary", out var primary) && primary?.GetValueKind() == JsonValueKind.True;

    private static bool Find(JsonObject obj, string name, out JsonNode? value)
    {
        foreach (var (key, item) in obj)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                value = item;
                return true;
            }
        }

        value = null;
        return false;
    }
}
