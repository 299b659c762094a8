using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Workteam.Notifier.Data;

/// <summary>The <c>Notifier:Retention</c> settings: how long failures and digests are kept.</summary>
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

    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>
/// Deletes sent digests and their failures, and failures that waited too long for a digest, past their retention,
/// in batches, at start and every interval. Unsent digests and their failures are kept until they are sent.
/// </summary>
public sealed class RetentionPruner(
    IServiceScopeFactory scopes, TimeProvider clock, IOptions<RetentionOptions> options, ILogger<RetentionPruner> logger) : BackgroundService
{
    private const int BatchSize = 10_000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var retention = options.Value;
        using var timer = new PeriodicTimer(retention.PruneInterval, clock);
        do
        {
            try
            {
                var now = clock.GetUtcNow();
                var sentBefore = now - retention.SentDigests;
                var receivedBefore = now - retention.PendingFailures;
                await PruneAsync("failures of sent digests", db => db.ReceivedFailures
                    .Where(f => db.FailureDigests.Any(d => d.Id == f.DigestId && d.SentAt < sentBefore)), stoppingToken);
                await PruneAsync("sent digests", db => db.FailureDigests
                    .Where(d => d.SentAt < sentBefore && !db.ReceivedFailures.Any(f => f.DigestId == d.Id)), stoppingToken);
                var unsent = await PruneAsync("failures that waited for a digest", db => db.ReceivedFailures
                    .Where(f => f.DigestId == null && f.ReceivedAt < receivedBefore), stoppingToken);
                if (unsent > 0)
                {
                    logger.LogWarning("{Count} provisioning failures were never mailed: no digest took them within {Retention}", unsent, retention.PendingFailures);
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Could not delete rows past their retention; trying again in {Interval}", retention.PruneInterval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task<int> PruneAsync<T>(string what, Func<NotifierDbContext, IQueryable<T>> expired, CancellationToken cancellationToken)
    {
        var total = 0;
        int deleted;
        do
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<NotifierDbContext>();
            deleted = await expired(db).Take(BatchSize).ExecuteDeleteAsync(cancellationToken);
            total += deleted;
        }
        while (deleted == BatchSize);

        if (total > 0)
        {
            logger.LogInformation("Deleted {Count} {What} past their retention", total, what);
        }

        return total;
    }
}
