namespace Workteam.Directory.Activity;

/// <summary>The actions the audit log records, as stored in <c>audit_log.action</c>.</summary>
public static class AuditActions
{
    public const string ScimTokenGenerated = "ScimTokenGenerated";
    public const string ScimTokenRevoked = "ScimTokenRevoked";
    public const string ProvisioningEnabled = "ProvisioningEnabled";
    public const string ProvisioningDisabled = "ProvisioningDisabled";
    public const string NotificationEmailChanged = "NotificationEmailChanged";
    public const string InvitationsChanged = "InvitationsChanged";
    public const string MemberRoleChanged = "MemberRoleChanged";
    public const string MemberStatusChanged = "MemberStatusChanged";
    public const string HeldDeprovisioningApplied = "HeldDeprovisioningApplied";
    public const string HeldDeprovisioningDiscarded = "HeldDeprovisioningDiscarded";
    public const string AdminSignedIn = "AdminSignedIn";
    public const string SignInFailed = "SignInFailed";
    public const string AccountLocked = "AccountLocked";
    public const string PasswordResetRequested = "PasswordResetRequested";
    public const string PasswordReset = "PasswordReset";
    public const string InvitationResent = "InvitationResent";
    public const string SsoEnabled = "SsoEnabled";
    public const string SsoDisabled = "SsoDisabled";
    public const string SsoRequiredChanged = "SsoRequiredChanged";
    public const string SsoIdentityProviderChanged = "SsoIdentityProviderChanged";
    public const string SsoSignedIn = "SsoSignedIn";
    public const string SsoSignInRefused = "SsoSignInRefused";
}
