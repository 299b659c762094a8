using Workteam.Directory.Accounts;

namespace Workteam.Directory.Members;

/// <summary>
/// What an admin may do to a member in the console: the switches Workteam owns, and where Entra decides instead
/// the reason there is no button (decision 0019).
/// </summary>
public sealed record MemberActions(string Role, bool EntraActive, bool SuspendedByAdmin, bool RoleFromEntra)
{
    public bool CanChangeRole => !RoleFromEntra;

    /// <summary>Cutting access is never blocked, also for a member Entra has disabled already.</summary>
    public bool CanSuspend => !SuspendedByAdmin;

    public bool CanReactivate => SuspendedByAdmin && EntraActive;

    /// <summary>Why the role has no button, or null.</summary>
    public string? RoleReason => RoleFromEntra ? AccessSwitches.RoleFromEntraMessage : null;

    /// <summary>Why there is no Reactivate button, or null.</summary>
    public string? ReactivateReason => EntraActive ? null : AccessSwitches.EntraDisabledMessage;
}
