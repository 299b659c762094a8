using Workteam.Notifier.Digests;

namespace Workteam.Notifier.Tests;

public sealed class DigestScheduleTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(10);

    [Fact]
    public void The_first_digest_of_an_organization_is_due_at_once() =>
        Assert.True(DigestSchedule.IsDue(lastSentAt: null, hasUnsentDigest: false, Now, Window));

    [Fact]
    public void A_digest_sent_within_the_window_holds_the_next_one_back()
    {
        Assert.False(DigestSchedule.IsDue(Now.AddMinutes(-9), hasUnsentDigest: false, Now, Window));
        Assert.True(DigestSchedule.IsDue(Now.AddMinutes(-10), hasUnsentDigest: false, Now, Window));
    }

    [Fact]
    public void A_digest_still_waiting_for_the_smtp_server_holds_the_next_one_back() =>
        Assert.False(DigestSchedule.IsDue(lastSentAt: null, hasUnsentDigest: true, Now, Window));

    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 10)]
    [InlineData(3, 20)]
    [InlineData(6, 160)]
    [InlineData(7, 300)]
    [InlineData(500, 300)]
    public void Failed_sends_wait_longer_each_time_up_to_the_limit(int failedAttempts, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), DigestSchedule.RetryDelay(failedAttempts, TimeSpan.FromMinutes(5)));
}
