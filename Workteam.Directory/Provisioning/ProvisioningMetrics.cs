using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Workteam.Directory.Data;
using Workteam.ServiceDefaults.Outbox;

namespace Workteam.Directory.Provisioning;

/// <summary>The <c>Directory:ProvisioningHealth</c> settings.</summary>
public sealed class ProvisioningHealthOptions
{
    public const string Section = "Directory:ProvisioningHealth";

    /// <summary>Directory reports itself Degraded while it is further behind ScimApi than this.</summary>
    public TimeSpan DegradedAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often the held deprovisionings are counted for their gauge.</summary>
    public TimeSpan HeldSampleInterval { get; set; } = TimeSpan.FromSeconds(15);
}

/// <summary>
/// Directory's provisioning instruments, on the meter <c>Workteam.Directory</c>, and how far behind ScimApi it is.
/// An event's lag runs from ScimApi committing the change (the event's <c>OccurredAt</c>, written in that transaction)
/// to Directory committing its effect.
/// </summary>
public sealed class ProvisioningMetrics
{
    public const string MeterName = "Workteam.Directory";

    private readonly Histogram<double> _provisioningLag;
    private readonly Histogram<double> _deprovisioningLag;
    private readonly QueueDepths _queues;
    private readonly TimeProvider _clock;
    private readonly Lock _lock = new();
    private DateTimeOffset? _lastAppliedAt;
    private TimeSpan _lastLag;

    /// <param name="outbox">Directory's own outbox (failure reports, emails): its gauges are on this meter too.</param>
    public ProvisioningMetrics(IMeterFactory meters, QueueDepths queues, OutboxBacklog outbox, TimeProvider clock)
    {
        (_queues, _clock) = (queues, clock);
        var meter = meters.Create(MeterName);
        _provisioningLag = meter.CreateHistogram<double>("workteam.provisioning.lag", "s",
            "From ScimApi committing a change to Directory applying it, by event type.");
        _deprovisioningLag = meter.CreateHistogram<double>("workteam.deprovisioning.lag", "s",
            "From ScimApi committing a deactivation or deletion to Directory revoking the member's sessions.");
        meter.CreateObservableGauge("workteam.provisioning.behind", () => Behind().TotalSeconds, "s",
            "How far Directory is behind ScimApi while messages wait for it; 0 when none waits.");
        meter.CreateObservableGauge("workteam.deprovisioning.held", () => HeldDeprovisionings, "{deprovisioning}",
            "Deactivations and deletions the deprovisioning guard holds for an admin's decision, as last counted.");
        outbox.AddGauges(meter);
    }

    public long HeldDeprovisionings { get; set; }

    /// <summary>An event's effect committed; <paramref name="revokedAccess"/> when it took the member's sessions.</summary>
    public void Applied(string eventType, DateTimeOffset committedAt, bool revokedAccess)
    {
        var now = _clock.GetUtcNow();
        var lag = now - committedAt;
        var tag = new KeyValuePair<string, object?>("event", eventType);
        _provisioningLag.Record(lag.TotalSeconds, tag);
        if (revokedAccess)
        {
            _deprovisioningLag.Record(lag.TotalSeconds, tag);
        }

        lock (_lock)
        {
            (_lastAppliedAt, _lastLag) = (now, lag);
        }
    }

    /// <summary>
    /// While messages wait in Directory's queues: the lag of the last event it applied, or, when it has applied none
    /// since they began waiting, how long they have waited. Zero when none waits.
    /// </summary>
    public TimeSpan Behind()
    {
        if (_queues.Waiting == 0 || _queues.WaitingSince is not { } waitingSince)
        {
            return TimeSpan.Zero;
        }

        lock (_lock)
        {
            var progress = _lastAppliedAt is { } applied && applied > waitingSince ? applied : waitingSince;
            var stalled = _clock.GetUtcNow() - progress;
            return stalled > _lastLag ? stalled : _lastLag;
        }
    }
}

/// <summary>Degraded while Directory is further behind ScimApi than <see cref="ProvisioningHealthOptions.DegradedAfter"/>.</summary>
public sealed class ProvisioningHealthCheck(ProvisioningMetrics metrics, IOptions<ProvisioningHealthOptions> options) : IHealthCheck
{
    public const string Name = "provisioning";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var behind = metrics.Behind();
        return Task.FromResult(behind > options.Value.DegradedAfter
            ? HealthCheckResult.Degraded($"Directory is {behind.TotalSeconds:0} s behind ScimApi.")
            : HealthCheckResult.Healthy());
    }
}

/// <summary>Counts the held deprovisionings for their gauge every <see cref="ProvisioningHealthOptions.HeldSampleInterval"/>.</summary>
public sealed class HeldDeprovisioningCounter(
    IServiceScopeFactory scopes, ProvisioningMetrics metrics, IOptions<ProvisioningHealthOptions> options, TimeProvider clock,
    ILogger<HeldDeprovisioningCounter> logger)
    : PeriodicSampler(clock, logger)
{
    protected override TimeSpan Interval => options.Value.HeldSampleInterval;

    protected override async Task SampleAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DirectoryDbContext>();
        metrics.HeldDeprovisionings = await db.HeldDeprovisionings.LongCountAsync(h => h.Status == HeldDeprovisioningStatus.Pending, cancellationToken);
    }
}
