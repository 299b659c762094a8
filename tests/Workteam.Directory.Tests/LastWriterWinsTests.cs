using Workteam.Directory.Provisioning;

namespace Workteam.Directory.Tests;

public sealed class LastWriterWinsTests
{
    [Theory]
    [InlineData(0, 1, true)]
    [InlineData(3, 4, true)]
    [InlineData(3, 3, false)]
    [InlineData(5, 2, false)]
    public void Only_a_newer_version_changes_a_resource(long applied, long incoming, bool newer) =>
        Assert.Equal(newer, LastWriterWins.IsNewer(applied, incoming));

    [Theory]
    [InlineData(null, 2, MembershipDecision.Insert)]
    [InlineData(2L, 5, MembershipDecision.Update)]
    [InlineData(5L, 5, MembershipDecision.Ignore)]
    [InlineData(5L, 2, MembershipDecision.Ignore)]
    public void A_membership_takes_the_newest_event(long? applied, long incoming, MembershipDecision expected) =>
        Assert.Equal(expected, LastWriterWins.ForMembership(applied, incoming));

    [Fact]
    public void Membership_events_in_any_order_end_in_the_newest_state()
    {
        // Version 2 adds, 3 removes, 4 adds again: every order ends with the member present at version 4.
        (long Version, bool Present)[] events = [(2, true), (3, false), (4, true)];
        foreach (var order in Permutations(events))
        {
            (long Version, bool Present)? state = null;
            foreach (var (version, present) in order)
            {
                if (LastWriterWins.ForMembership(state?.Version, version) != MembershipDecision.Ignore)
                {
                    state = (version, present);
                }
            }

            Assert.Equal((4L, true), state);
        }
    }

    private static IEnumerable<T[]> Permutations<T>(T[] items) =>
        items.Length <= 1 ? [items] : items.SelectMany((item, i) => Permutations(items.Where((_, j) => j != i).ToArray()).Select(rest => (T[])[item, .. rest]));
}
