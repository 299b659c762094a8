using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Workteam.Directory.Data;

namespace Workteam.Directory.Provisioning;

/// <summary>The <c>Directory:ProcessedMessages</c> settings.</summary>
public sealed class ProcessedMessageOptions
{
    public const string Section = "Directory:ProcessedMessages";

    /// <summary>
    /// How long a processed message is remembered. A message comes twice within minutes (the outbox relay sending
    /// again after a crash, the broker redelivering an unacknowledged one), or after an outage however long the
    /// copies waited together in the queue; a month leaves a wide margin over both.
    /// </summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);

    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>Deletes the <c>processed_messages</c> rows older than the retention, in batches, at start and every interval.</summary>
public sealed class ProcessedMessagePruner(
    IServiceScopeFactory scopes, TimeProvider clock, IOptions<ProcessedMessageOptions> options, ILogger<ProcessedMessagePruner> logger) : BackgroundService
{
    private const int BatchSize = 10_000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PruneInterval, clock);
        do
        {
            try
            {
                await PruneAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Could not delete old processed messages; trying again in {Interval}", options.Value.PruneInterval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task PruneAsync(CancellationToken cancellationToken)
    {
        var before = clock.GetUtcNow() - options.Value.Retention;
        var total = 0;
        int deleted;
        do
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<DirectoryDbContext>();
            deleted = await db.ProcessedMessages.Where(m => m.ProcessedAt < before).OrderBy(m => m.ProcessedAt).Take(BatchSize)
                .ExecuteDeleteAsync(cancellationToken);
            total += deleted;
        }
        while (deleted == BatchSize);

        if (total > 0)
        {
            logger.LogInformation("Deleted {Count} processed messages older than {Before}", total, before);
        }
    }
}
