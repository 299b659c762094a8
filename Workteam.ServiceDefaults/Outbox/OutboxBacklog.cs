using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Workteam.ServiceDefaults.Outbox;

/// <summary>The unpublished outbox rows as last counted by <see cref="OutboxBacklogMonitor{TContext}"/>: read by the gauges and the health check.</summary>
public sealed class OutboxBacklog(TimeProvider clock)
{
    public long Waiting { get; private set; }

    /// <summary>When the oldest unpublished row was written; null when none waits.</summary>
    public DateTimeOffset? OldestCreatedAt { get; private set; }

    public void Update(long waiting, DateTimeOffset? oldestCreatedAt) => (Waiting, OldestCreatedAt) = (waiting, oldestCreatedAt);

    public TimeSpan OldestAge() =>
        OldestCreatedAt is { } oldest && clock.GetUtcNow() - oldest is { Ticks: > 0 } age ? age : TimeSpan.Zero;

    /// <summary>The outbox gauges, <c>workteam.outbox.waiting</c> and <c>workteam.outbox.oldest_age</c>, on the service's meter.</summary>
    public void AddGauges(Meter meter)
    {
        meter.CreateObservableGauge("workteam.outbox.waiting", () => Waiting, "{message}",
            "Outbox rows not yet published to RabbitMQ, as last counted.");
        meter.CreateObservableGauge("workteam.outbox.oldest_age", () => OldestAge().TotalSeconds, "s",
            "How long the oldest unpublished outbox row has waited (0 when none waits).");
    }
}

/// <summary>
/// Counts the unpublished outbox rows every <see cref="OutboxOptions.BacklogSampleInterval"/>: the gauges and the
/// health check read the count, so a metrics scrape or a health probe never queries the table. Both queries use
/// the partial index of unsent rows.
/// </summary>
public sealed class OutboxBacklogMonitor<TContext>(
    IServiceScopeFactory scopes, OutboxBacklog backlog, IOptions<OutboxOptions> options, TimeProvider clock, ILogger<OutboxBacklogMonitor<TContext>> logger)
    : PeriodicSampler(clock, logger)
    where TContext : DbContext, IOutboxDbContext
{
    protected override TimeSpan Interval => options.Value.BacklogSampleInterval;

    protected override async Task SampleAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var unsent = db.OutboxMessages.Where(m => m.SentAt == null);
        var waiting = await unsent.LongCountAsync(cancellationToken);
        var oldest = await unsent.OrderBy(m => m.Id).Select(m => (DateTimeOffset?)m.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        backlog.Update(waiting, oldest);
    }
}

/// <summary>Degraded while the oldest unpublished outbox row is older than <see cref="OutboxOptions.DegradedAfter"/>.</summary>
public sealed class OutboxHealthCheck(OutboxBacklog backlog, IOptions<OutboxOptions> options) : IHealthCheck
{
    public const string Name = "outbox";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var age = backlog.OldestAge();
        return Task.FromResult(age > options.Value.DegradedAfter
            ? HealthCheckResult.Degraded($"{backlog.Waiting} outbox messages wait to be published; the oldest for {age.TotalSeconds:0} s.")
            : HealthCheckResult.Healthy());
    }
}
