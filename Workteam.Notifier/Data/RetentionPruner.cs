using Microsoft.Extensions.Options;

namespace Workteam.Notifier.Data;

/// <summary>The <c>Notifier:Retention</c> settings: how long failures, digests and the record of sent emails are kept.</summary>
public sealed class RetentionOptions
{
    public const string Section = "Notifier:Retention";

    /// <summary>How long a sent digest, with the failures it covered, is kept after the SMTP server accepted it.</summary>
    public TimeSpan SentDigests { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// How long a failure waits for a digest before it is deleted unsent: an organization that never sets a
    /// notification email does not keep its failures forever.
    /// </summary>
    public TimeSpan PendingFailures { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long the record of a sent email is kept: a message asked for again within it is not sent again.</summary>
    public TimeSpan SentEmails { get; set; } = TimeSpan.FromDays(30);

    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>
/// Deletes sent digests and their failures, and failures that waited too long for a digest, past their retention,
/// and the records of emails sent before their retention, in batches, at start and every interval. Unsent digests
/// and their failures are kept until they are sent.
/// </summary>
public sealed class RetentionPruner(
    IServiceScopeFactory scopes, TimeProvider clock, IOptions<RetentionOptions> options, ILogger<RetentionPruner> logger)
    : BatchPruner<NotifierDbContext>(scopes, clock, logger)
{
    protected override TimeSpan Interval => options.Value.PruneInterval;

    protected override async Task PruneAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var retention = options.Value;
        var sentBefore = now - retention.SentDigests;
        var receivedBefore = now - retention.PendingFailures;
        await DeleteAsync("failures of sent digests", db => db.ReceivedFailures
            .Where(f => db.FailureDigests.Any(d => d.Id == f.DigestId && d.SentAt < sentBefore)), cancellationToken);
        await DeleteAsync("sent digests", db => db.FailureDigests
            .Where(d => d.SentAt < sentBefore && !db.ReceivedFailures.Any(f => f.DigestId == d.Id)), cancellationToken);
        var unsent = await DeleteAsync("failures that waited for a digest", db => db.ReceivedFailures
            .Where(f => f.DigestId == null && f.ReceivedAt < receivedBefore), cancellationToken);
        if (unsent > 0)
        {
            logger.LogWarning("{Count} provisioning failures were never mailed: no digest took them within {Retention}", unsent, retention.PendingFailures);
        }

        var acceptedBefore = now - retention.SentEmails;
        await DeleteAsync("records of sent emails", db => db.SentEmails.Where(e => e.AcceptedAt < acceptedBefore), cancellationToken);
    }
}
