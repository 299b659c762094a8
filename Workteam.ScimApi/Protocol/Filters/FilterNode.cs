namespace Workteam.ScimApi.Protocol.Filters;

/// <summary>A parsed RFC 7644 §3.4.2.2 filter.</summary>
public abstract record FilterNode
{
    /// <summary>The canonical filter text (<see cref="ScimFilterParser.Print(FilterNode)"/>).</summary>
    public sealed override string ToString() => ScimFilterParser.Print(this);
}

public enum ComparisonOperator { Eq, Ne, Co, Sw, Ew, Gt, Ge, Lt, Le }

/// <summary><c>attrPath op value</c>; <see cref="Value"/> is a string, decimal, bool or null.</summary>
public sealed record ComparisonFilter(AttributePath Path, ComparisonOperator Operator, object? Value) : FilterNode;

/// <summary><c>attrPath pr</c>.</summary>
public sealed record PresentFilter(AttributePath Path) : FilterNode;

public sealed record AndFilter(FilterNode Left, FilterNode Right) : FilterNode;

public sealed record OrFilter(FilterNode Left, FilterNode Right) : FilterNode;

public sealed record NotFilter(FilterNode Inner) : FilterNode;

/// <summary>
/// <c>attr[valFilter]</c>: matches when one element of the multi-valued (or complex) attribute
/// <see cref="Path"/> satisfies <see cref="Inner"/>, whose paths name sub-attributes of that element
/// (<c>Name</c> is the sub-attribute, <c>SchemaUrn</c> and <c>SubAttribute</c> are null).
/// Entra's <c>emails[type eq "work"].value eq "x"</c> parses as
/// <c>ValuePathFilter(emails, And(type eq "work", value eq "x"))</c>.
/// </summary>
public sealed record ValuePathFilter(AttributePath Path, FilterNode Inner) : FilterNode;

/// <summary>A PATCH <c>path</c> (RFC 7644 Figure 7): <c>attrPath</c>, or <c>attrPath[valFilter][.subAttr]</c>.</summary>
public sealed record PatchPath(AttributePath Attribute, FilterNode? ValueFilter, string? ValueSubAttribute)
{
    /// <summary>The canonical path text (<see cref="ScimFilterParser.Print(PatchPath)"/>).</summary>
    public override string ToString() => ScimFilterParser.Print(this);
}

/// <summary>Thrown for a filter or path that does not parse; the message says what is wrong and where.</summary>
public sealed class ScimFilterException(string message) : Exception(message);
