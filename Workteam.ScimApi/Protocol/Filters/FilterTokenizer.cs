using System.Globalization;
using System.Text;

namespace Workteam.ScimApi.Protocol.Filters;

/// <summary>
/// Splits a filter or PATCH path into words, JSON strings and the brackets <c>( ) [ ]</c>.
/// A word is any run of characters up to whitespace, a bracket or a quote; whether it is an attribute path,
/// an operator, a keyword or a bare value is decided by the parser from its place in the grammar.
/// </summary>
internal static class FilterTokenizer
{
    public static List<FilterToken> Tokenize(string text, string subject)
    {
        var tokens = new List<FilterToken>();
        var index = 0;
        while (true)
        {
            var start = index;
            while (index < text.Length && IsWhitespace(text[index]))
            {
                index++;
            }

            var followsWhitespace = index > start;
            if (index == text.Length)
            {
                tokens.Add(new FilterToken(FilterTokenKind.End, "", index, followsWhitespace));
                return tokens;
            }

            tokens.Add(ReadToken(text, ref index, followsWhitespace, subject));
        }
    }

    private static FilterToken ReadToken(string text, ref int index, bool followsWhitespace, string subject)
    {
        var start = index;
        FilterTokenKind? bracket = text[index] switch
        {
            '(' => FilterTokenKind.OpenParen,
            ')' => FilterTokenKind.CloseParen,
            '[' => FilterTokenKind.OpenBracket,
            ']' => FilterTokenKind.CloseBracket,
            _ => null,
        };
        if (bracket is { } kind)
        {
            index++;
            return new FilterToken(kind, text[start].ToString(), start, followsWhitespace);
        }

        if (text[index] == '"')
        {
            var value = ReadString(text, ref index, subject);
            return new FilterToken(FilterTokenKind.String, text[start..index], start, followsWhitespace, value);
        }

        while (index < text.Length && !IsWhitespace(text[index]) && !IsDelimiter(text[index]))
        {
            index++;
        }

        return new FilterToken(FilterTokenKind.Word, text[start..index], start, followsWhitespace);
    }

    /// <summary>Reads a JSON string starting at the opening quote and returns its unescaped content.</summary>
    private static string ReadString(string text, ref int index, string subject)
    {
        var opening = index++;
        var value = new StringBuilder();
        while (index < text.Length)
        {
            var c = text[index++];
            if (c == '"')
            {
                return ScimText.IsStorable(value.ToString())
                    ? value.ToString()
                    : throw new ScimFilterException($"The string starting at character {opening + 1} of the {subject} is not valid text. {ScimText.Rule}");
            }

            value.Append(c == '\\' ? ReadEscape(text, ref index) : c);
        }

        throw new ScimFilterException(
            $"The string starting at character {opening + 1} of the {subject} has no closing quote.");
    }

    private static char ReadEscape(string text, ref int index)
    {
        var backslash = index - 1;
        if (index == text.Length)
        {
            throw new ScimFilterException($"The escape '\\' at character {backslash + 1} is incomplete.");
        }

        var c = text[index++];
        switch (c)
        {
            case '"' or '\\' or '/':
                return c;
            case 'b': return '\b';
            case 'f': return '\f';
            case 'n': return '\n';
            case 'r': return '\r';
            case 't': return '\t';
            case 'u' when index + 4 <= text.Length && ushort.TryParse(
                text.AsSpan(index, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code):
                index += 4;
                return (char)code;
            default:
                throw new ScimFilterException(
                    $"Invalid escape '\\{c}' at character {backslash + 1}: use \\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\uXXXX.");
        }
    }

    private static bool IsWhitespace(char c) => c is ' ' or '\t' or '\r' or '\n';

    private static bool IsDelimiter(char c) => c is '(' or ')' or '[' or ']' or '"';
}
