using Workteam.Directory.Provisioning.Guard;

namespace Workteam.Directory.Tests;

public sealed class DeprovisioningGuardRuleTests
{
    private static readonly DeprovisioningGuardOptions Defaults = new();

    [Theory]
    [InlineData(0, 100)]
    [InlineData(2, 98)]
    [InlineData(19, 81)]
    public void Up_to_the_share_of_the_members_active_at_the_window_start_are_applied(int applied, int activeNow) =>
        Assert.Equal(GuardDecision.Apply, DeprovisioningGuardRule.Decide(applied, activeNow, anythingHeld: false, Defaults));

    [Fact]
    public void The_deprovisioning_beyond_the_share_trips_the_guard() =>
        // 100 members at the window start, 20 already gone: a 21st is more than 20%.
        Assert.Equal(GuardDecision.Trip, DeprovisioningGuardRule.Decide(20, 80, anythingHeld: false, Defaults));

    [Theory]
    [InlineData(0, 2)]
    [InlineData(1, 2)]
    [InlineData(2, 1)]
    public void A_small_organization_is_not_tripped_by_its_first_leavers(int applied, int activeNow) =>
        Assert.Equal(GuardDecision.Apply, DeprovisioningGuardRule.Decide(applied, activeNow, anythingHeld: false, Defaults));

    [Fact]
    public void Beyond_the_minimum_a_small_organization_is_guarded() =>
        Assert.Equal(GuardDecision.Trip, DeprovisioningGuardRule.Decide(3, 2, anythingHeld: false, Defaults));

    [Fact]
    public void While_anything_is_held_every_deprovisioning_is_held() =>
        Assert.Equal(GuardDecision.HoldAlreadyTripped, DeprovisioningGuardRule.Decide(0, 1000, anythingHeld: true, Defaults));

    [Fact]
    public void The_settings_move_the_limit()
    {
        var strict = new DeprovisioningGuardOptions { Share = 0.5, MinimumActions = 0 };
        Assert.Equal(GuardDecision.Apply, DeprovisioningGuardRule.Decide(4, 6, anythingHeld: false, strict));
        Assert.Equal(GuardDecision.Trip, DeprovisioningGuardRule.Decide(5, 5, anythingHeld: false, strict));
    }
}
