using System.Globalization;
using System.Text;

namespace Workteam.ScimApi.Protocol.Filters;

/// <summary>
/// Writes filters in one canonical form: lower-case operators and keywords, single spaces, JSON strings,
/// and parentheses exactly where the tree differs from left-associative "not &gt; and &gt; or" reading.
/// </summary>
internal static class ScimFilterPrinter
{
    public static string Print(FilterNode filter)
    {
        var text = new StringBuilder();
        Append(text, filter);
        return text.ToString();
    }

    public static string Print(PatchPath path)
    {
        var text = new StringBuilder().Append(path.Attribute);
        if (path.ValueFilter is not null)
        {
            Append(text.Append('['), path.ValueFilter);
            text.Append(']');
        }

        if (path.ValueSubAttribute is not null)
        {
            text.Append('.').Append(path.ValueSubAttribute);
        }

        return text.ToString();
    }

    private static void Append(StringBuilder text, FilterNode filter)
    {
        switch (filter)
        {
            case ComparisonFilter comparison:
                text.Append(comparison.Path).Append(' ')
                    .Append(comparison.Operator.ToString().ToLowerInvariant()).Append(' ');
                AppendValue(text, comparison.Value);
                break;
            case PresentFilter present:
                text.Append(present.Path).Append(" pr");
                break;
            case AndFilter and:
                AppendOperand(text, and.Left, parenthesize: and.Left is OrFilter);
                text.Append(" and ");
                AppendOperand(text, and.Right, parenthesize: and.Right is OrFilter or AndFilter);
                break;
            case OrFilter or:
                Append(text, or.Left);
                text.Append(" or ");
                AppendOperand(text, or.Right, parenthesize: or.Right is OrFilter);
                break;
            case NotFilter not:
                AppendOperand(text.Append("not "), not.Inner, parenthesize: true);
                break;
            case ValuePathFilter valuePath:
                Append(text.Append(valuePath.Path).Append('['), valuePath.Inner);
                text.Append(']');
                break;
            default:
                throw new ArgumentException($"Unknown filter node {filter.GetType().Name}.", nameof(filter));
        }
    }

    private static void AppendOperand(StringBuilder text, FilterNode operand, bool parenthesize)
    {
        if (!parenthesize)
        {
            Append(text, operand);
            return;
        }

        Append(text.Append('('), operand);
        text.Append(')');
    }

    private static void AppendValue(StringBuilder text, object? value)
    {
        switch (value)
        {
            case null:
                text.Append("null");
                break;
            case bool boolean:
                text.Append(boolean ? "true" : "false");
                break;
            case string s:
                AppendString(text, s);
                break;
            case IFormattable number:
                text.Append(number.ToString(null, CultureInfo.InvariantCulture));
                break;
            default:
                AppendString(text, value.ToString() ?? "");
                break;
        }
    }

    private static void AppendString(StringBuilder text, string value)
    {
        text.Append('"');
        foreach (var c in value)
        {
            _ = c switch
            {
                '"' => text.Append("\\\""),
                '\\' => text.Append("\\\\"),
                '\n' => text.Append("\\n"),
                '\r' => text.Append("\\r"),
                '\t' => text.Append("\\t"),
                < ' ' => text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)),
                _ => text.Append(c),
            };
        }

        text.Append('"');
    }
}
