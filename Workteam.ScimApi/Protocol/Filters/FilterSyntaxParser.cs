namespace Workteam.ScimApi.Protocol.Filters;

/// <summary>
/// Recursive-descent parser over the tokens of one filter or PATCH path. Precedence: not &gt; and &gt; or;
/// and/or chains are loops (left-associative), so recursion only deepens with parentheses and brackets,
/// which <see cref="ScimFilterParser.MaxNesting"/> bounds.
/// </summary>
internal sealed class FilterSyntaxParser
{
    private const string OperatorList = "eq, ne, co, sw, ew, gt, ge, lt, le or pr";

    private readonly List<FilterToken> tokens;
    private readonly string subject;
    private int index;
    private int nesting;
    private int comparisons;

    public FilterSyntaxParser(string? text, string subject)
    {
        this.subject = subject;
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ScimFilterException($"The {subject} is empty.");
        }

        if (text.Length > ScimFilterParser.MaxLength)
        {
            throw new ScimFilterException(
                $"The {subject} is {text.Length} characters long; at most {ScimFilterParser.MaxLength} are allowed.");
        }

        tokens = FilterTokenizer.Tokenize(text, subject);
    }

    private FilterToken Current => tokens[index];

    public FilterNode ParseFilter()
    {
        var filter = ParseOr(insideValueFilter: false);
        if (Current.Kind == FilterTokenKind.CloseParen)
        {
            throw new ScimFilterException($"Unbalanced ')' at character {Current.Column}: there is no '(' to close.");
        }

        if (Current.Kind != FilterTokenKind.End)
        {
            throw Expected("'and', 'or' or the end of the filter");
        }

        return filter;
    }

    public PatchPath ParsePatchPath()
    {
        var attribute = ParseAttributePath();
        FilterNode? valueFilter = null;
        string? valueSubAttribute = null;
        if (Current.Kind == FilterTokenKind.OpenBracket)
        {
            valueFilter = ParseBracketedValueFilter(attribute, insideValueFilter: false);
            if (IsAttachedSubAttribute(Current))
            {
                valueSubAttribute = ParseAttachedSubAttribute().Name;
            }
        }

        if (Current.Kind != FilterTokenKind.End)
        {
            throw Expected(valueFilter is null ? "'[' or the end of the path" : "'.subAttribute' or the end of the path");
        }

        return new PatchPath(attribute, valueFilter, valueSubAttribute);
    }

    private FilterNode ParseOr(bool insideValueFilter)
    {
        var left = ParseAnd(insideValueFilter);
        while (Current.IsKeyword("or"))
        {
            index++;
            left = new OrFilter(left, ParseAnd(insideValueFilter));
        }

        return left;
    }

    private FilterNode ParseAnd(bool insideValueFilter)
    {
        var left = ParseUnary(insideValueFilter);
        while (Current.IsKeyword("and"))
        {
            index++;
            left = new AndFilter(left, ParseUnary(insideValueFilter));
        }

        return left;
    }

    private FilterNode ParseUnary(bool insideValueFilter)
    {
        if (Current.IsKeyword("not"))
        {
            index++;
            if (Current.Kind != FilterTokenKind.OpenParen)
            {
                throw Expected("'(' after 'not'");
            }

            return new NotFilter(ParseParenthesized(insideValueFilter));
        }

        if (Current.Kind == FilterTokenKind.OpenParen)
        {
            return ParseParenthesized(insideValueFilter);
        }

        return ParseAttributeExpression(insideValueFilter);
    }

    private FilterNode ParseParenthesized(bool insideValueFilter)
    {
        var open = Enter();
        var inner = ParseOr(insideValueFilter);
        Leave(open, FilterTokenKind.CloseParen, ')');
        return inner;
    }

    private FilterNode ParseAttributeExpression(bool insideValueFilter)
    {
        var pathToken = Current;
        var path = ParseAttributePath();
        if (insideValueFilter && (path.SchemaUrn is not null || path.SubAttribute is not null))
        {
            throw new ScimFilterException(
                $"'{pathToken.Text}' at character {pathToken.Column} is inside '[…]', where only a sub-attribute name such as 'type' is allowed.");
        }

        if (Current.Kind != FilterTokenKind.OpenBracket)
        {
            return ParseComparison(path, pathToken);
        }

        var inner = ParseBracketedValueFilter(path, insideValueFilter);
        if (IsAttachedSubAttribute(Current))
        {
            // Entra's emails[type eq "work"].value eq "x": the comparison joins the bracketed filter.
            var subToken = Current;
            inner = new AndFilter(inner, ParseComparison(ParseAttachedSubAttribute(), subToken));
        }

        return new ValuePathFilter(path, inner);
    }

    private FilterNode ParseBracketedValueFilter(AttributePath path, bool insideValueFilter)
    {
        if (insideValueFilter)
        {
            throw new ScimFilterException($"'[' at character {Current.Column} opens a value filter inside another; they cannot nest.");
        }

        if (path.SubAttribute is not null)
        {
            throw new ScimFilterException(
                $"'[' at character {Current.Column} follows the sub-attribute '{path}'; a value filter applies to an attribute such as 'emails'.");
        }

        var open = Enter();
        var inner = ParseOr(insideValueFilter: true);
        Leave(open, FilterTokenKind.CloseBracket, ']');
        return inner;
    }

    private FilterNode ParseComparison(AttributePath path, FilterToken pathToken)
    {
        var operatorToken = Current;
        if (operatorToken.Kind != FilterTokenKind.Word)
        {
            throw Expected($"an operator ({OperatorList}) after '{pathToken.Text}'");
        }

        if (++comparisons > ScimFilterParser.MaxComparisons)
        {
            throw new ScimFilterException(
                $"The {subject} has more than {ScimFilterParser.MaxComparisons} comparisons (at character {operatorToken.Column}).");
        }

        if (operatorToken.IsKeyword("pr"))
        {
            index++;
            return new PresentFilter(path);
        }

        if (ComparisonSyntax.ReadOperator(operatorToken.Text) is not { } op)
        {
            throw Expected($"an operator ({OperatorList}) after '{pathToken.Text}'");
        }

        index++;
        var valueToken = Current;
        var value = ParseValue(operatorToken);
        if (value is null or bool && op is not (ComparisonOperator.Eq or ComparisonOperator.Ne))
        {
            throw new ScimFilterException(
                $"'{operatorToken.Text}' at character {operatorToken.Column} cannot compare with {valueToken.Text}; only eq and ne can.");
        }

        return new ComparisonFilter(path, op, value);
    }

    private object? ParseValue(FilterToken operatorToken)
    {
        var token = Current;
        if (token.Kind is not (FilterTokenKind.String or FilterTokenKind.Word) || token.IsLogicalKeyword)
        {
            throw Expected($"a value (\"string\", number, true, false or null) after '{operatorToken.Text}'");
        }

        index++;
        return ComparisonSyntax.ReadValue(token);
    }

    private AttributePath ParseAttributePath()
    {
        var token = Current;
        if (token.Kind != FilterTokenKind.Word || token.IsLogicalKeyword)
        {
            throw Expected(subject == "path" ? "an attribute path" : "an attribute path, '(' or 'not'");
        }

        index++;
        return AttributePathSyntax.Parse(token);
    }

    private static bool IsAttachedSubAttribute(FilterToken token) =>
        token.Kind == FilterTokenKind.Word && !token.FollowsWhitespace && token.Text.StartsWith('.');

    private AttributePath ParseAttachedSubAttribute()
    {
        var token = Current;
        var name = token.Text[1..];
        if (!AttributePathSyntax.IsAttributeName(name))
        {
            throw new ScimFilterException($"'{token.Text}' at character {token.Column} is not a valid '.subAttribute'.");
        }

        index++;
        return new AttributePath(null, name);
    }

    private FilterToken Enter()
    {
        var open = Current;
        if (++nesting > ScimFilterParser.MaxNesting)
        {
            throw new ScimFilterException(
                $"The {subject} nests deeper than {ScimFilterParser.MaxNesting} levels at character {open.Column}.");
        }

        index++;
        return open;
    }

    private void Leave(FilterToken open, FilterTokenKind closeKind, char close)
    {
        if (Current.Kind != closeKind)
        {
            throw Expected($"'and', 'or' or '{close}' (to close the '{open.Text}' at character {open.Column})");
        }

        nesting--;
        index++;
    }

    private ScimFilterException Expected(string what) =>
        new($"Expected {what} at character {Current.Column}, found {Current.Describe(subject)}.");
}
