namespace Workteam.Notifier.Digests;

/// <summary>The <c>Notifier</c> section: how failures are grouped into digest emails and how sending is retried.</summary>
public sealed class DigestOptions
{
    public const string SectionName = "Notifier";

    /// <summary>At most one digest email per organization within this time (counted from the last one sent).</summary>
    public TimeSpan DigestWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often the digest service looks for due digests; failures arriving meanwhile join the same digest.</summary>
    public TimeSpan DigestPollInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest wait between two attempts to send a digest while the SMTP server fails.</summary>
    public TimeSpan SendRetryMaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long an organization without a notification email (or unknown to Directory) waits before it is asked again.</summary>
    public TimeSpan MissingRecipientRetry { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// A digest lists at most this many failures, the oldest, and counts the rest: a long backlog still makes a
    /// readable email, and sending it never loads more than this many rows.
    /// </summary>
    public int MaxFailuresPerDigest { get; set; } = 200;
}
