using System.Globalization;
using NpgsqlTypes;
using Workteam.ScimApi.Protocol;
using Workteam.ScimApi.Protocol.Filters;
using Workteam.ScimApi.Protocol.Schema;

namespace Workteam.ScimApi.Data.Queries;

/// <summary>
/// Turns a parsed SCIM filter into a SQL condition over the row alias <c>r</c>, so the database (and its indexes)
/// does the searching. Comparisons follow each attribute's type and caseExact rule (RFC 7643 §2.2, RFC 7644 §3.4.2.2).
/// </summary>
public sealed class SqlFilterTranslator(ScimResourceType type, SqlParameters parameters)
{
    private int _aliases;

    public string Translate(FilterNode filter) => filter switch
    {
        AndFilter and => $"({Translate(and.Left)} AND {Translate(and.Right)})",
        OrFilter or => $"({Translate(or.Left)} OR {Translate(or.Right)})",
        // SQL NULL (an absent attribute) must make "not (…)" true, as in SCIM.
        NotFilter not => $"(NOT coalesce({Translate(not.Inner)}, false))",
        ValuePathFilter valuePath => ValuePath(valuePath),
        ComparisonFilter comparison => AsElementFilter(comparison.Path, sub => comparison with { Path = sub }) is { } elements
            ? ValuePath(elements)
            : Compare(Singular(comparison.Path), comparison.Operator, comparison.Value),
        PresentFilter present => AsElementFilter(present.Path, sub => present with { Path = sub }) is { } elements
            ? ValuePath(elements)
            : Present(Singular(present.Path)),
        _ => throw new ScimFilterUnsupportedException($"Unsupported filter {filter}."),
    };

    /// <summary>
    /// The SQL ordering expression for <c>sortBy</c>; a multi-valued attribute sorts by its primary (else first)
    /// value, as RFC 7644 §3.4.2.3 asks.
    /// </summary>
    public string OrderBy(AttributePath path)
    {
        var resolved = Resolve(path);
        if (!resolved.Attribute.MultiValued)
        {
            var operand = Singular(path);
            return operand.Type == SqlOperandType.Complex
                ? throw new ScimFilterUnsupportedException($"Sort by one of the sub-attributes of '{path}'.")
                : operand.Folded;
        }

        if (resolved.Attribute.Name is "members" or "groups")
        {
            throw new ScimFilterUnsupportedException($"Sorting by '{path}' is not supported.");
        }

        var sub = resolved.Attribute.SubAttribute(resolved.SubAttribute?.Name ?? "value")
            ?? throw new ScimFilterUnsupportedException($"Sort by one of the sub-attributes of '{path}'.");
        var text = $"o.e->>'{sub.Name}'";
        return $"(SELECT {(sub.CaseExact ? text : $"lower({text})")} FROM jsonb_array_elements(coalesce({ScimSqlColumns.Json(type, resolved)}, '[]'::jsonb)) "
            + "WITH ORDINALITY AS o(e, n) WHERE jsonb_typeof(o.e) = 'object' ORDER BY (o.e->>'primary') = 'true' DESC, o.n LIMIT 1)";
    }

    private SqlOperand Singular(AttributePath path)
    {
        var resolved = Resolve(path);
        return ScimSqlColumns.Column(type, resolved) ?? ScimSqlColumns.JsonOperand(type, resolved);
    }

    /// <summary>
    /// A comparison on a multi-valued attribute matches when any element does; without a sub-attribute it means
    /// "value". It is rewritten as <c>attr[sub op value]</c>.
    /// </summary>
    private ValuePathFilter? AsElementFilter(AttributePath path, Func<AttributePath, FilterNode> onSub)
    {
        var resolved = Resolve(path);
        if (!resolved.Attribute.MultiValued)
        {
            return null;
        }

        var sub = new AttributePath(null, resolved.SubAttribute?.Name ?? "value");
        return new ValuePathFilter(path with { SubAttribute = null }, onSub(sub));
    }

    private string ValuePath(ValuePathFilter filter)
    {
        var resolved = Resolve(filter.Path);
        if (!resolved.Attribute.MultiValued || resolved.SubAttribute is not null)
        {
            throw new ScimFilterUnsupportedException($"'{filter.Path}[…]' needs a multi-valued attribute.");
        }

        var exists = Exists(resolved, source => new ElementTranslator(this, source, resolved).Translate(filter.Inner));
        return IndexedEmailCondition(resolved, filter.Inner) is { } indexed ? $"({indexed} AND {exists})" : exists;
    }

    private string Exists(ResolvedAttribute resolved, Func<SqlElementSource, string> condition)
    {
        var source = ScimSqlColumns.Elements(type, resolved, $"x{_aliases++}");
        return $"{source.ExistsPrefix} AND {condition(source)})";
    }

    /// <summary>emails[… value eq "x" …]: first narrow with the GIN index on the lower-cased email values.</summary>
    private string? IndexedEmailCondition(ResolvedAttribute resolved, FilterNode inner)
    {
        if (!ScimSqlColumns.IsUser(type) || resolved.Attribute.Name != "emails")
        {
            return null;
        }

        var equality = Conjuncts(inner).OfType<ComparisonFilter>().FirstOrDefault(c =>
            c.Operator == ComparisonOperator.Eq && c.Value is string
            && string.Equals(c.Path.Name, "value", StringComparison.OrdinalIgnoreCase) && c.Path.SubAttribute is null);
        return equality is null
            ? null
            : $"r.email_values @> ARRAY[lower({parameters.Add(equality.Value!, NpgsqlDbType.Text)})]";
    }

    private static IEnumerable<FilterNode> Conjuncts(FilterNode node) =>
        node is AndFilter and ? Conjuncts(and.Left).Concat(Conjuncts(and.Right)) : [node];

    private ResolvedAttribute Resolve(AttributePath path) =>
        type.Resolve(path) ?? throw new ScimFilterUnsupportedException($"'{path}' is not an attribute of {type.Name}.");

    private static SqlOperand ElementOperand(SqlElementSource source, ResolvedAttribute resolved, string sub) =>
        source.SubAttribute(resolved.Attribute.SubAttribute(sub)?.Name ?? sub)
        ?? throw new ScimFilterUnsupportedException($"'{resolved.Attribute.Name}.{sub}' is not an attribute of {resolved.Attribute.Name}.");

    private static string Present(SqlOperand operand) => operand.Type switch
    {
        SqlOperandType.Text => $"({operand.Sql} IS NOT NULL AND {operand.Sql} <> '')",
        _ => $"({operand.Sql} IS NOT NULL)",
    };

    private string Compare(SqlOperand operand, ComparisonOperator op, object? value)
    {
        if (value is null)
        {
            return op switch
            {
                ComparisonOperator.Eq => $"({operand.Sql} IS NULL)",
                ComparisonOperator.Ne => $"({operand.Sql} IS NOT NULL)",
                _ => throw new ScimFilterUnsupportedException($"'{op}' cannot compare with null."),
            };
        }

        return operand.Type switch
        {
            SqlOperandType.Text => CompareText(operand, op, Text(value)),
            SqlOperandType.Boolean => CompareOrdered(operand, op, Boolean(value), NpgsqlDbType.Boolean, orderable: false),
            SqlOperandType.Number => CompareOrdered(operand, op, value is decimal d ? d : throw Mismatch(value, "a number"), NpgsqlDbType.Numeric, orderable: true),
            SqlOperandType.DateTime => CompareOrdered(operand, op, DateTime(value), NpgsqlDbType.TimestampTz, orderable: true),
            SqlOperandType.Uuid => CompareUuid(operand, op, Text(value)),
            _ => throw new ScimFilterUnsupportedException("A complex attribute can only be tested with 'pr'; name one of its sub-attributes."),
        };
    }

    private string CompareText(SqlOperand operand, ComparisonOperator op, string value)
    {
        var x = operand.Folded;
        var p = parameters.Add(value, NpgsqlDbType.Text);
        var v = operand.CaseExact ? p : $"lower({p})";
        return op switch
        {
            ComparisonOperator.Eq => $"({x} = {v})",
            ComparisonOperator.Ne => $"({operand.Sql} IS NULL OR {x} <> {v})",
            ComparisonOperator.Co => $"(strpos({x}, {v}) > 0)",
            ComparisonOperator.Sw => $"starts_with({x}, {v})",
            ComparisonOperator.Ew => $"(right({x}, char_length({p})) = {v})",
            ComparisonOperator.Gt => $"({x} COLLATE \"C\" > {v})",
            ComparisonOperator.Ge => $"({x} COLLATE \"C\" >= {v})",
            ComparisonOperator.Lt => $"({x} COLLATE \"C\" < {v})",
            ComparisonOperator.Le => $"({x} COLLATE \"C\" <= {v})",
            _ => throw new ScimFilterUnsupportedException($"Unknown operator {op}."),
        };
    }

    private string CompareOrdered(SqlOperand operand, ComparisonOperator op, object value, NpgsqlDbType dbType, bool orderable)
    {
        var x = operand.Sql;
        var p = parameters.Add(value, dbType);
        return op switch
        {
            ComparisonOperator.Eq => $"({x} = {p})",
            ComparisonOperator.Ne => $"({x} IS NULL OR {x} <> {p})",
            ComparisonOperator.Gt when orderable => $"({x} > {p})",
            ComparisonOperator.Ge when orderable => $"({x} >= {p})",
            ComparisonOperator.Lt when orderable => $"({x} < {p})",
            ComparisonOperator.Le when orderable => $"({x} <= {p})",
            _ => throw new ScimFilterUnsupportedException($"'{op.ToString().ToLowerInvariant()}' does not apply to this attribute's type."),
        };
    }

    /// <summary>Ids are UUIDs: any other text simply matches no resource.</summary>
    private string CompareUuid(SqlOperand operand, ComparisonOperator op, string value)
    {
        var isUuid = Guid.TryParse(value, out var id);
        return op switch
        {
            ComparisonOperator.Eq => isUuid ? $"({operand.Sql} = {parameters.Add(id, NpgsqlDbType.Uuid)})" : "false",
            ComparisonOperator.Ne => isUuid ? $"({operand.Sql} IS NULL OR {operand.Sql} <> {parameters.Add(id, NpgsqlDbType.Uuid)})" : "true",
            _ => throw new ScimFilterUnsupportedException($"Ids can only be compared with 'eq' and 'ne'."),
        };
    }

    private static string Text(object value) => value switch
    {
        string s => s,
        decimal d => d.ToString(CultureInfo.InvariantCulture),
        _ => throw Mismatch(value, "a string"),
    };

    private static bool Boolean(object value) => value switch
    {
        bool b => b,
        string s when bool.TryParse(s, out var b) => b,
        _ => throw Mismatch(value, "true or false"),
    };

    private static DateTimeOffset DateTime(object value) =>
        value is string s && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time.ToUniversalTime()
            : throw Mismatch(value, "a dateTime string such as \"2026-01-31T12:00:00Z\"");

    private static ScimFilterUnsupportedException Mismatch(object value, string expected) =>
        new($"The value {value} does not fit the attribute: expected {expected}.");

    /// <summary>Translates the filter inside <c>attr[…]</c>, whose paths name sub-attributes of one element.</summary>
    private sealed class ElementTranslator(SqlFilterTranslator outer, SqlElementSource source, ResolvedAttribute resolved)
    {
        public string Translate(FilterNode filter) => filter switch
        {
            AndFilter and => $"({Translate(and.Left)} AND {Translate(and.Right)})",
            OrFilter or => $"({Translate(or.Left)} OR {Translate(or.Right)})",
            NotFilter not => $"(NOT coalesce({Translate(not.Inner)}, false))",
            ComparisonFilter comparison => outer.Compare(Operand(comparison.Path), comparison.Operator, comparison.Value),
            PresentFilter present => Present(Operand(present.Path)),
            _ => throw new ScimFilterUnsupportedException("A filter inside [ ] can only compare sub-attributes of the element."),
        };

        private SqlOperand Operand(AttributePath path) =>
            path.SchemaUrn is null && path.SubAttribute is null
                ? ElementOperand(source, resolved, path.Name)
                : throw new ScimFilterUnsupportedException($"'{path}' is not a sub-attribute of {resolved.Attribute.Name}.");
    }
}
