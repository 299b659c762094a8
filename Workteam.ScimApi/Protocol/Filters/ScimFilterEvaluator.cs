using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Workteam.ScimApi.Protocol.Filters;

/// <summary>
/// Evaluates the filter inside a valuePath (<c>emails[type eq "work" and primary eq true]</c>) against one
/// element of a multi-valued attribute held in memory, as PATCH needs to pick its targets.
/// </summary>
public static class ScimFilterEvaluator
{
    /// <param name="valFilter">The bracketed filter; its paths name sub-attributes of <paramref name="element"/>.</param>
    /// <param name="element">One value of the multi-valued attribute; keys are looked up case-insensitively.</param>
    /// <param name="isCaseExact">Whether the named sub-attribute compares strings case-sensitively.</param>
    public static bool Matches(FilterNode valFilter, JsonObject element, Func<string, bool> isCaseExact) => valFilter switch
    {
        AndFilter and => Matches(and.Left, element, isCaseExact) && Matches(and.Right, element, isCaseExact),
        OrFilter or => Matches(or.Left, element, isCaseExact) || Matches(or.Right, element, isCaseExact),
        NotFilter not => !Matches(not.Inner, element, isCaseExact),
        PresentFilter present => IsPresent(Find(element, SubAttributeName(present.Path))),
        ComparisonFilter comparison => Holds(
            Find(element, SubAttributeName(comparison.Path)),
            comparison.Operator,
            comparison.Value,
            isCaseExact(SubAttributeName(comparison.Path))),
        ValuePathFilter nested => throw new ScimFilterException(
            $"'{nested}' is a value filter inside another value filter; they cannot nest."),
        _ => throw new ArgumentException($"Unknown filter node {valFilter.GetType().Name}.", nameof(valFilter)),
    };

    private static string SubAttributeName(AttributePath path) =>
        path.SchemaUrn is null && path.SubAttribute is null
            ? path.Name
            : throw new ScimFilterException(
                $"'{path}' cannot be used inside a value filter, which names sub-attributes of one element, such as 'type'.");

    private static JsonNode? Find(JsonObject element, string name)
    {
        if (element.TryGetPropertyValue(name, out var exact))
        {
            return exact;
        }

        foreach (var (key, value) in element)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }

    private static bool IsPresent(JsonNode? node) => node switch
    {
        null => false,
        JsonArray array => array.Count > 0,
        JsonValue value when value.GetValueKind() == JsonValueKind.String => ReadText(value).Length > 0,
        JsonValue value => value.GetValueKind() != JsonValueKind.Null,
        _ => true,
    };

    /// <summary>An absent, null or empty value equals null; <c>ne</c> is always the negation of <c>eq</c>.</summary>
    private static bool Holds(JsonNode? node, ComparisonOperator op, object? expected, bool caseExact)
    {
        if (op == ComparisonOperator.Ne)
        {
            return !Holds(node, ComparisonOperator.Eq, expected, caseExact);
        }

        if (expected is null)
        {
            return op == ComparisonOperator.Eq && !IsPresent(node);
        }

        return node switch
        {
            JsonArray array => array.Any(item => Holds(item, op, expected, caseExact)),
            JsonValue value => HoldsForScalar(value, op, expected, caseExact),
            _ => false,
        };
    }

    private static bool HoldsForScalar(JsonValue value, ComparisonOperator op, object expected, bool caseExact) => expected switch
    {
        bool boolean => op == ComparisonOperator.Eq && TryReadBoolean(value, out var actual) && actual == boolean,
        decimal number when op is ComparisonOperator.Co or ComparisonOperator.Sw or ComparisonOperator.Ew =>
            CompareText(ReadText(value), op, number.ToString(CultureInfo.InvariantCulture), caseExact),
        decimal number => TryReadNumber(value, out var actual) && Ordered(actual.CompareTo(number), op),
        string text => CompareText(ReadText(value), op, text, caseExact),
        _ => throw new ArgumentException($"Unsupported filter value type {expected.GetType().Name}.", nameof(expected)),
    };

    private static bool CompareText(string actual, ComparisonOperator op, string expected, bool caseExact)
    {
        var comparison = caseExact ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
        return op switch
        {
            ComparisonOperator.Co => actual.Contains(expected, comparison),
            ComparisonOperator.Sw => actual.StartsWith(expected, comparison),
            ComparisonOperator.Ew => actual.EndsWith(expected, comparison),
            _ => Ordered(string.Compare(actual, expected, comparison), op),
        };
    }

    private static bool Ordered(int comparison, ComparisonOperator op) => op switch
    {
        ComparisonOperator.Eq => comparison == 0,
        ComparisonOperator.Gt => comparison > 0,
        ComparisonOperator.Ge => comparison >= 0,
        ComparisonOperator.Lt => comparison < 0,
        ComparisonOperator.Le => comparison <= 0,
        _ => false,
    };

    /// <summary>Accepts JSON booleans and, as Entra sends without <c>aadOptscim062020</c>, "True"/"False" strings.</summary>
    private static bool TryReadBoolean(JsonValue value, out bool boolean)
    {
        var kind = value.GetValueKind();
        if (kind is JsonValueKind.True or JsonValueKind.False)
        {
            boolean = kind == JsonValueKind.True;
            return true;
        }

        boolean = false;
        return kind == JsonValueKind.String && bool.TryParse(ReadText(value), out boolean);
    }

    private static bool TryReadNumber(JsonValue value, out decimal number)
    {
        number = 0;
        var kind = value.GetValueKind();
        var text = kind == JsonValueKind.Number ? value.ToJsonString() : kind == JsonValueKind.String ? ReadText(value) : null;
        return text is not null && decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out number);
    }

    /// <summary>The value as text: strings unquoted, numbers and booleans as JSON writes them.</summary>
    private static string ReadText(JsonValue value)
    {
        if (value.TryGetValue(out string? text))
        {
            return text;
        }

        using var document = JsonDocument.Parse(value.ToJsonString());
        return document.RootElement.ValueKind == JsonValueKind.String
            ? document.RootElement.GetString() ?? ""
            : document.RootElement.GetRawText();
    }
}
