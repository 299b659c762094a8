namespace Workteam.ScimApi.Data.Queries;

public static class ScimSql
{
    /// <summary>
    /// The condition that a row found by its primary key belongs to the organization. <c>IS NOT DISTINCT FROM</c>
    /// means <c>=</c> for the NOT NULL <c>organization_id</c>, but no index can serve it: the planner cannot look the
    /// row up through an organization index (reading the whole organization) instead of the primary key, whatever
    /// its statistics say of a new organization. See docs/decisions/0009-planner-statistics-and-prepared-statements.md.
    /// </summary>
    public static string OfOrganization(string alias, string organizationParameter) =>
        $"{alias}.organization_id IS NOT DISTINCT FROM {organizationParameter}";
}
