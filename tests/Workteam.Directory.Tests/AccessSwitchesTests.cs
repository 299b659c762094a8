using Workteam.Directory.Accounts;
using Workteam.Directory.Data;
using Workteam.Directory.Members;

namespace Workteam.Directory.Tests;

/// <summary>Entra's switch and the admins' switch (decision 0019): access only while both allow it.</summary>
public sealed class AccessSwitchesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid AdminId = Guid.NewGuid();

    [Theory]
    [InlineData(true, false, false, AccountStatus.Active)]
    [InlineData(false, false, false, AccountStatus.Suspended)]
    [InlineData(true, true, false, AccountStatus.Suspended)]
    [InlineData(false, true, false, AccountStatus.Suspended)]
    [InlineData(true, false, true, AccountStatus.Suspended)]
    public void Access_needs_both_switches_and_no_deletion(bool entraActive, bool suspendedByAdmin, bool deleted, AccountStatus expected) =>
        Assert.Equal(expected, AccessSwitches.Effective(entraActive, suspendedByAdmin, deleted));

    [Fact]
    public void An_admin_can_always_suspend_but_never_reactivate_what_Entra_disabled()
    {
        Assert.Null(AccessSwitches.RefuseStatus(entraActive: true, AccountStatus.Suspended));
        Assert.Null(AccessSwitches.RefuseStatus(entraActive: false, AccountStatus.Suspended));
        Assert.Null(AccessSwitches.RefuseStatus(entraActive: true, AccountStatus.Active));
        Assert.Equal(AccessSwitches.EntraDisabledMessage, AccessSwitches.RefuseStatus(entraActive: false, AccountStatus.Active));
        Assert.Contains("Enterprise applications → Workteam → Users and groups", AccessSwitches.EntraDisabledMessage);
    }

    [Fact]
    public void A_role_Entra_assigns_cannot_change_in_Workteam()
    {
        Assert.Equal(AccessSwitches.RoleFromEntraMessage, AccessSwitches.RefuseRole(roleFromEntra: true, AccountRole.Member, AccountRole.Admin));
        Assert.Null(AccessSwitches.RefuseRole(roleFromEntra: true, AccountRole.Admin, AccountRole.Admin));
        Assert.Null(AccessSwitches.RefuseRole(roleFromEntra: false, AccountRole.Member, AccountRole.Admin));
        Assert.Null(AccessSwitches.RefuseRole(roleFromEntra: false, AccountRole.Admin, AccountRole.Member));
    }

    [Fact]
    public void Entra_disables_then_an_admin_suspends_then_Entra_enables_then_the_admin_lifts()
    {
        var account = new Account { ScimUserId = Guid.NewGuid() };

        Assert.True(account.SetEntraActive(false, Now));
        Assert.Equal((AccountStatus.Suspended, (Guid?)null), (account.Status, account.StatusChangedBy));
        Assert.False(account.SetSuspendedByAdmin(true, Now.AddMinutes(1), AdminId));
        Assert.Equal(Now, account.StatusChangedAt);
        Assert.False(account.SetEntraActive(true, Now.AddMinutes(2)));
        Assert.Equal(AccountStatus.Suspended, account.Status);
        Assert.False(account.SetSuspendedByAdmin(false, Now.AddMinutes(3), AdminId));
        Assert.Equal((AccountStatus.Active, AdminId, Now.AddMinutes(3)), (account.Status, account.StatusChangedBy, account.StatusChangedAt));
    }

    [Fact]
    public void An_admin_suspends_and_Entra_enabling_gives_no_access_back()
    {
        var account = new Account { ScimUserId = Guid.NewGuid() };

        Assert.True(account.SetSuspendedByAdmin(true, Now, AdminId));
        Assert.False(account.SetEntraActive(true, Now.AddMinutes(1)));
        Assert.Equal((AccountStatus.Suspended, AdminId), (account.Status, account.StatusChangedBy));
        // Entra disabling them too takes nothing more away: their sessions ended already.
        Assert.False(account.SetEntraActive(false, Now.AddMinutes(2)));
        Assert.Equal(AccountStatus.Suspended, account.Status);
    }

    [Fact]
    public void Deletion_takes_access_for_good()
    {
        var account = new Account { ScimUserId = Guid.NewGuid() };

        account.MarkDeleted(Now);
        account.SetEntraActive(true, Now);

        Assert.Equal(AccountStatus.Suspended, account.Status);
    }

    [Theory]
    // entraActive, suspendedByAdmin → Suspend button, Reactivate button, the reason there is no Reactivate
    [InlineData(true, false, true, false, false)]
    [InlineData(true, true, false, true, false)]
    [InlineData(false, false, true, false, true)]
    [InlineData(false, true, false, false, true)]
    public void The_console_offers_what_the_rule_allows_and_says_why_not(
        bool entraActive, bool suspendedByAdmin, bool canSuspend, bool canReactivate, bool explainsEntra)
    {
        var actions = new MemberActions("Member", entraActive, suspendedByAdmin, RoleFromEntra: false);

        Assert.Equal(canSuspend, actions.CanSuspend);
        Assert.Equal(canReactivate, actions.CanReactivate);
        Assert.Equal(explainsEntra ? AccessSwitches.EntraDisabledMessage : null, actions.ReactivateReason);
    }

    [Fact]
    public void The_console_offers_no_role_change_for_a_role_from_Entra()
    {
        Assert.False(new MemberActions("Admin", true, false, RoleFromEntra: true).CanChangeRole);
        Assert.Equal(AccessSwitches.RoleFromEntraMessage, new MemberActions("Admin", true, false, RoleFromEntra: true).RoleReason);
        Assert.True(new MemberActions("Admin", true, false, RoleFromEntra: false).CanChangeRole);
    }
}
