using System.Text.RegularExpressions;

namespace Workteam.ScimApi.Protocol;

/// <summary>
/// A SCIM filter of the form <c>attribute eq "value"</c>, which is what Entra sends to look a resource up
/// (RFC 7644 §3.4.2.2). Attribute names and the operator are case-insensitive.
/// </summary>
public sealed partial record EqualityFilter(string Attribute, string Value)
{
    public static bool TryParse(string filter, out EqualityFilter? parsed, out string? error)
    {
        var match = Pattern().Match(filter);
        parsed = null;
        error = null;
        if (!match.Success)
        {
            error = $"Unsupported filter '{filter}': use attribute eq \"value\".";
            return false;
        }

        var value = match.Groups["value"].Value.Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);
        parsed = new EqualityFilter(match.Groups["attribute"].Value, value);
        return true;
    }

    [GeneratedRegex("""^\s*(?<attribute>[A-Za-z][A-Za-z0-9_.$:-]*)\s+eq\s+"(?<value>(?:[^"\\]|\\.)*)"\s*$""", RegexOptions.IgnoreCase)]
    private static partial Regex Pattern();
}
