namespace Workteam.Directory.Members;

/// <summary>
/// What an admin may do to a member in the console: the switches Workteam owns, and where Entra decides instead
/// the reason there is no button (decision 0019).
/// </summary>
public sealed record MemberActions(string Name, string Role, string Status, bool EntraActive, bool RoleFromEntra)
{
    public const string DisabledInEntra = "Disabled in Microsoft Entra ID: enable this member in Entra to give their access back.";

    public const string RoleSetInEntra = "Role assigned in Microsoft Entra ID (app roles).";

    public bool CanReactivate => Status != "Active" && EntraActive;
}
