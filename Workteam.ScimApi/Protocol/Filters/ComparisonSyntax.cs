using System.Globalization;
using System.Text.RegularExpressions;

namespace Workteam.ScimApi.Protocol.Filters;

/// <summary>Reads the operator and compValue of <c>attrPath SP compareOp SP compValue</c>.</summary>
internal static partial class ComparisonSyntax
{
    public static ComparisonOperator? ReadOperator(string text) => text.ToLowerInvariant() switch
    {
        "eq" => ComparisonOperator.Eq,
        "ne" => ComparisonOperator.Ne,
        "co" => ComparisonOperator.Co,
        "sw" => ComparisonOperator.Sw,
        "ew" => ComparisonOperator.Ew,
        "gt" => ComparisonOperator.Gt,
        "ge" => ComparisonOperator.Ge,
        "lt" => ComparisonOperator.Lt,
        "le" => ComparisonOperator.Le,
        _ => null,
    };

    /// <summary>A string, decimal, bool or null from a string or word token.</summary>
    public static object? ReadValue(FilterToken token)
    {
        if (token.Kind == FilterTokenKind.String) return token.StringValue;
        if (token.IsKeyword("true")) return true;
        if (token.IsKeyword("false")) return false;
        if (token.IsKeyword("null")) return null;
        if (JsonNumber().IsMatch(token.Text))
        {
            return decimal.TryParse(token.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                ? number
                : throw new ScimFilterException($"The number '{token.Text}' at character {token.Column} is out of range.");
        }

        // Lenient: Entra's documentation shows unquoted values (externalId eq jyoung, id eq <GUID>),
        // so a bare word that is not a literal or number is read as a string.
        return token.Text;
    }

    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$")]
    private static partial Regex JsonNumber();
}
