namespace Workteam.Notifier.Digests;

/// <summary>When an organization's next digest may be created, and how long a failed send waits.</summary>
public static class DigestSchedule
{
    public static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A new digest is due when none of the organization's digests is still waiting to be sent and the last one
    /// was sent at least <paramref name="window"/> ago (or none was ever sent).
    /// </summary>
    public static bool IsDue(DateTimeOffset? lastSentAt, bool hasUnsentDigest, DateTimeOffset now, TimeSpan window) =>
        !hasUnsentDigest && (lastSentAt is null || now - lastSentAt.Value >= window);

    /// <summary>5 s after the first failed attempt, doubling each time, never more than <paramref name="maxDelay"/>.</summary>
    public static TimeSpan RetryDelay(int failedAttempts, TimeSpan maxDelay)
    {
        var exponent = Math.Clamp(failedAttempts - 1, 0, 20);
        var delay = TimeSpan.FromTicks(FirstRetryDelay.Ticks * (1L << exponent));
        return delay < maxDelay ? delay : maxDelay;
    }
}
