using Microsoft.Extensions.Options;

namespace Workteam.Directory.Data;

/// <summary>The <c>Directory:Retention</c> settings: how long rows that only grow are kept.</summary>
public sealed class RetentionOptions
{
    public const string Section = "Directory:Retention";

    /// <summary>
    /// How long a processed message is remembered. A message comes twice within minutes (the outbox relay sending
    /// again after a crash, the broker redelivering an unacknowledged one), or after an outage however long the
    /// copies waited together in the queue; a month leaves a wide margin over both.
    /// </summary>
    public TimeSpan ProcessedMessages { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// How long a session is kept after it expired (revoked sessions expire too, at the latest 14 days after sign-in).
    /// It no longer authenticates; the row only tells who signed in when. Password-reset links (valid one hour) are kept
    /// as long after they expired.
    /// </summary>
    public TimeSpan ExpiredSessions { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long provisioning activity and audit log rows are kept.</summary>
    public TimeSpan Activity { get; set; } = TimeSpan.FromDays(90);

    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>
/// Deletes processed messages, expired sessions, password-reset links and SAML requests and assertion uses, provisioning activity and
/// audit entries past their retention, in
/// batches, at start and every interval.
/// </summary>
public sealed class RetentionPruner(
    IServiceScopeFactory scopes, TimeProvider clock, IOptions<RetentionOptions> options, ILogger<RetentionPruner> logger)
    : BatchPruner<DirectoryDbContext>(scopes, clock, logger)
{
    protected override TimeSpan Interval => options.Value.PruneInterval;

    protected override async Task PruneAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var processedBefore = now - options.Value.ProcessedMessages;
        var expiredBefore = now - options.Value.ExpiredSessions;
        await DeleteAsync("processed messages", db => db.ProcessedMessages.Where(m => m.ProcessedAt < processedBefore).OrderBy(m => m.ProcessedAt), cancellationToken);
        await DeleteAsync("expired sessions", db => db.Sessions.Where(s => s.ExpiresAt < expiredBefore).OrderBy(s => s.ExpiresAt), cancellationToken);
        await DeleteAsync("expired password resets", db => db.PasswordResets.Where(r => r.ExpiresAt < expiredBefore).OrderBy(r => r.ExpiresAt), cancellationToken);
        // Neither can be used once expired: an answer to an old request, or a replayed old assertion, fails anyway.
        await DeleteAsync("expired SAML requests", db => db.SamlRequests.Where(r => r.ExpiresAt < now).OrderBy(r => r.ExpiresAt), cancellationToken);
        await DeleteAsync("expired SAML assertion uses", db => db.SamlAssertionUses.Where(u => u.KeepUntil < now).OrderBy(u => u.KeepUntil), cancellationToken);
        var activityBefore = now - options.Value.Activity;
        await DeleteAsync("provisioning activity rows", db => db.ProvisioningActivity.Where(a => a.At < activityBefore).OrderBy(a => a.At), cancellationToken);
        await DeleteAsync("audit log entries", db => db.AuditLog.Where(e => e.At < activityBefore).OrderBy(e => e.At), cancellationToken);
    }
}
