using Workteam.ScimApi.Protocol;
using Workteam.ScimApi.Protocol.Filters;

namespace Workteam.ScimApi.Tests.Filters;

/// <summary>Short constructors for expected filter trees.</summary>
internal static class FilterTrees
{
    public const string EnterpriseUser = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    public const string CoreUser = "urn:ietf:params:scim:schemas:core:2.0:User";

    public static AttributePath Attr(string name, string? subAttribute = null) => new(null, name, subAttribute);

    public static ComparisonFilter Cmp(string name, ComparisonOperator op, object? value) => new(Attr(name), op, value);

    public static ComparisonFilter Cmp(AttributePath path, ComparisonOperator op, object? value) => new(path, op, value);

    public static ComparisonFilter Eq(string name, object? value) => Cmp(name, ComparisonOperator.Eq, value);

    public static PresentFilter Pr(string name) => new(Attr(name));

    public static AndFilter And(FilterNode left, FilterNode right) => new(left, right);

    public static OrFilter Or(FilterNode left, FilterNode right) => new(left, right);

    public static NotFilter Not(FilterNode inner) => new(inner);

    public static ValuePathFilter ValuePath(string name, FilterNode inner) => new(Attr(name), inner);
}
