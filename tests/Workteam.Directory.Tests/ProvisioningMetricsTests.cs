using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Workteam.Directory.Provisioning;
using Workteam.ServiceDefaults.Outbox;

namespace Workteam.Directory.Tests;

/// <summary>Directory's provisioning lags, how far behind ScimApi it is, and when that makes it Degraded.</summary>
public sealed class ProvisioningMetricsTests : IDisposable
{
    private readonly ServiceProvider _meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));
    private readonly QueueDepths _queues;
    private readonly OutboxBacklog _outbox;
    private readonly ProvisioningMetrics _metrics;
    private readonly ProvisioningHealthCheck _health;

    public ProvisioningMetricsTests()
    {
        _queues = new QueueDepths(Meters, ProvisioningMetrics.MeterName, _clock);
        _outbox = new OutboxBacklog(_clock);
        _metrics = new ProvisioningMetrics(Meters, _queues, _outbox, _clock);
        _health = new ProvisioningHealthCheck(_metrics, Options.Create(new ProvisioningHealthOptions()));
    }

    private IMeterFactory Meters => _meters.GetRequiredService<IMeterFactory>();

    [Fact]
    public void Directory_reports_its_own_outbox_backlog_on_its_meter()
    {
        using var waiting = new MetricCollector<long>(Meters, ProvisioningMetrics.MeterName, "workteam.outbox.waiting");
        using var age = new MetricCollector<double>(Meters, ProvisioningMetrics.MeterName, "workteam.outbox.oldest_age");
        _outbox.Update(7, _clock.GetUtcNow());
        _clock.Advance(TimeSpan.FromSeconds(42));

        waiting.RecordObservableInstruments();
        age.RecordObservableInstruments();

        Assert.Equal(7, waiting.LastMeasurement!.Value);
        Assert.Equal(42, age.LastMeasurement!.Value);
    }

    [Fact]
    public void An_applied_event_records_its_lag_by_event_type_and_one_that_revoked_access_its_deprovisioning_lag_too()
    {
        using var provisioning = new MetricCollector<double>(Meters, ProvisioningMetrics.MeterName, "workteam.provisioning.lag");
        using var deprovisioning = new MetricCollector<double>(Meters, ProvisioningMetrics.MeterName, "workteam.deprovisioning.lag");

        _metrics.Applied("UserProvisioned", _clock.GetUtcNow().AddSeconds(-2), revokedAccess: false);
        _metrics.Applied("UserDeactivated", _clock.GetUtcNow().AddSeconds(-0.5), revokedAccess: true);

        Assert.Equal([(2.0, "UserProvisioned"), (0.5, "UserDeactivated")],
            provisioning.GetMeasurementSnapshot().Select(m => (m.Value, (string)m.Tags["event"]!)));
        var revoked = Assert.Single(deprovisioning.GetMeasurementSnapshot());
        Assert.Equal((0.5, "event"), (revoked.Value, Assert.Single(revoked.Tags.Keys)));
    }

    [Fact]
    public async Task Directory_is_degraded_while_messages_wait_more_than_a_minute_without_any_being_applied()
    {
        _metrics.Applied("UserUpdated", _clock.GetUtcNow(), revokedAccess: false);
        _clock.Advance(TimeSpan.FromHours(1));
        Waiting(3);
        _clock.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(HealthStatus.Healthy, await StatusAsync());

        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HealthStatus.Degraded, await StatusAsync());
        Assert.Equal(61, Behind());

        _metrics.Applied("UserUpdated", _clock.GetUtcNow().AddSeconds(-5), revokedAccess: false);
        Assert.Equal(HealthStatus.Healthy, await StatusAsync());
        Assert.Equal(5, Behind());
    }

    [Fact]
    public async Task Directory_is_degraded_while_messages_wait_and_the_last_it_applied_was_more_than_a_minute_old()
    {
        Waiting(500);
        _metrics.Applied("UserProvisioned", _clock.GetUtcNow().AddSeconds(-75), revokedAccess: false);
        Assert.Equal(HealthStatus.Degraded, await StatusAsync());

        // Caught up: nothing waits, whatever the last event's lag was.
        Waiting(0);
        Assert.Equal(HealthStatus.Healthy, await StatusAsync());
        Assert.Equal(0, Behind());
    }

    private void Waiting(long messages) =>
        _queues.Update(new Dictionary<string, long> { ["user-events"] = messages, ["user-events_error"] = 7 });

    private double Behind()
    {
        using var behind = new MetricCollector<double>(Meters, ProvisioningMetrics.MeterName, "workteam.provisioning.behind");
        behind.RecordObservableInstruments();
        return behind.LastMeasurement!.Value;
    }

    private async Task<HealthStatus> StatusAsync() =>
        (await _health.CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken)).Status;

    public void Dispose() => _meters.Dispose();
}
