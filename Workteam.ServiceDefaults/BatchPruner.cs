using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Deletes a service's rows past their retention, at start and every <see cref="Interval"/>: each kind of row in
/// batches of <see cref="BatchSize"/>, each batch in a scope of its own, so no statement holds many locks for long.
/// </summary>
public abstract class BatchPruner<TContext>(IServiceScopeFactory scopes, TimeProvider clock, ILogger logger) : BackgroundService
    where TContext : DbContext
{
    public const int BatchSize = 10_000;

    protected abstract TimeSpan Interval { get; }

    /// <summary>One pruning round: a <see cref="DeleteAsync"/> per kind of row.</summary>
    protected abstract Task PruneAsync(DateTimeOffset now, CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            try
            {
                await PruneAsync(clock.GetUtcNow(), stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Could not delete rows past their retention; trying again in {Interval}", Interval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Deletes the <paramref name="expired"/> rows batch by batch and returns how many went.</summary>
    protected async Task<int> DeleteAsync<T>(string what, Func<TContext, IQueryable<T>> expired, CancellationToken cancellationToken)
    {
        var total = 0;
        int deleted;
        do
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TContext>();
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
