using Workteam.Directory.Data;

namespace Workteam.Directory.Accounts;

/// <summary>
/// The rule of an account's two switches (decision 0019): Entra's (SCIM <c>active</c>) and an admin's suspension.
/// The member has access only while both allow it. An admin can always take access away and give back what an admin
/// took, never what Entra took; a role that Entra assigns through app roles is Entra's to change.
/// </summary>
public static class AccessSwitches
{
    public const string EntraDisabledMessage =
        "Microsoft Entra ID has disabled this member, and Workteam follows Entra: enable them in Entra (Enterprise applications → Workteam → "
        + "Users and groups, or the user's account in Entra) to give their access back.";

    public const string RoleFromEntraMessage =
        "Entra assigns this member's role through app roles; change it there (Enterprise applications → Workteam → Users and groups → Edit assignment).";

    /// <summary>
    /// What the database computes into <c>accounts.status</c> from the same columns, so that the status can never
    /// disagree with the switches, whichever side writes last.
    /// </summary>
    public const string StatusSql =
        "CASE WHEN entra_active AND NOT suspended_by_admin AND NOT deleted THEN 'Active' ELSE 'Suspended' END";

    public static AccountStatus Effective(bool entraActive, bool suspendedByAdmin, bool deleted) =>
        entraActive && !suspendedByAdmin && !deleted ? AccountStatus.Active : AccountStatus.Suspended;

    /// <summary>Why an admin may not ask for <paramref name="wanted"/>, or null: only reactivating what Entra disabled is refused.</summary>
    public static string? RefuseStatus(bool entraActive, AccountStatus wanted) =>
        wanted == AccountStatus.Active && !entraActive ? EntraDisabledMessage : null;

    /// <summary>Why an admin may not change the role from <paramref name="current"/> to <paramref name="wanted"/>, or null.</summary>
    public static string? RefuseRole(bool roleFromEntra, AccountRole current, AccountRole wanted) =>
        roleFromEntra && wanted != current ? RoleFromEntraMessage : null;
}
