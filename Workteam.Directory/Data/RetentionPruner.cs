using Microsoft.EntityFrameworkCore;
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
    /// It no longer authenticates; the row only tells who signed in when.
    /// </summary>
    public TimeSpan ExpiredSessions { get; set; } = TimeSpan.FromDays(30);

    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>
/// Deletes processed messages and expired sessions past their retention, in batches, at start and every interval.
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
                var processedBefore = now - retention.ProcessedMessages;
                var expiredBefore = now - retention.ExpiredSessions;
                await PruneAsync("processed messages", db => db.ProcessedMessages.Where(m => m.ProcessedAt < processedBefore).OrderBy(m => m.ProcessedAt), stoppingToken);
                await PruneAsync("expired sessions", db => db.Sessions.Where(s => s.ExpiresAt < expiredBefore).OrderBy(s => s.ExpiresAt), stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Could not delete rows past their retention; trying again in {Interval}", retention.PruneInterval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task PruneAsync<T>(string what, Func<DirectoryDbContext, IQueryable<T>> expired, CancellationToken cancellationToken)
    {
        var total = 0;
        int deleted;
        do
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<DirectoryDbContext>();
            deleted = await expired(db).Take(BatchSize).ExecuteDeleteAsync(cancellationToken);
            total += deleted;
        }
        while (deleted == BatchSize);

        if (total > 0)
        {
            logger.LogInformation("Deleted {Count} {What} past their retention", total, what);
        }
    }
}
