using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Workteam.ScimApi.Apis;
using Workteam.ServiceDefaults.Outbox;

namespace Workteam.ScimApi.Tests;

/// <summary>ScimApi's request counter, its outbox gauges and when the outbox makes it Degraded.</summary>
public sealed class ScimApiMetricsTests : IDisposable
{
    private const string Organization = "/scim/v2/0193a1c2-7d41-7c3e-9f1a-2b3c4d5e6f70";
    private readonly ServiceProvider _meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));
    private readonly OutboxBacklog _backlog;
    private readonly ScimApiMetrics _metrics;

    public ScimApiMetricsTests()
    {
        _backlog = new OutboxBacklog(_clock);
        _metrics = new ScimApiMetrics(Meters, _backlog);
    }

    private IMeterFactory Meters => _meters.GetRequiredService<IMeterFactory>();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("POST", "/Users", "create user")]
    [InlineData("GET", "/Users", "list users")]
    [InlineData("GET", "/Users/2819c223-7f76-453a-919d-413861904646", "get user")]
    [InlineData("PUT", "/Users/2819c223", "replace user")]
    [InlineData("PATCH", "/Users/2819c223", "patch user")]
    [InlineData("DELETE", "/users/2819c223", "delete user")]
    [InlineData("POST", "/Groups", "create group")]
    [InlineData("PATCH", "/Groups/e9e30dba", "patch group")]
    [InlineData("GET", "/Schemas/urn:ietf:params:scim:schemas:core:2.0:User", "discovery")]
    [InlineData("GET", "/ServiceProviderConfig", "discovery")]
    [InlineData("POST", "/Users/2819c223", "other")]
    [InlineData("GET", "/Users/2819c223/extra", "other")]
    [InlineData("GET", "/Bulk", "other")]
    public void A_request_is_named_by_a_fixed_operation_without_its_ids(string method, string path, string operation) =>
        Assert.Equal(operation, ScimOperations.Of(method, Organization + path));

    [Fact]
    public async Task Each_answered_scim_request_is_counted_by_operation_and_status_class_and_a_thrown_one_as_5xx()
    {
        using var requests = new MetricCollector<long>(Meters, ScimApiMetrics.MeterName, "workteam.scim.requests");
        var counting = (int status) => new ScimRequestCounting(http => { http.Response.StatusCode = status; return Task.CompletedTask; }, _metrics);

        await counting(201).InvokeAsync(Request("POST", "/Users"));
        await counting(404).InvokeAsync(Request("PATCH", "/Users/2819c223"));
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            new ScimRequestCounting(_ => throw new InvalidOperationException(), _metrics).InvokeAsync(Request("GET", "/Users")));
        await counting(200).InvokeAsync(new DefaultHttpContext { Request = { Method = "GET", Path = "/health" } });

        Assert.Equal(["create user 2xx", "patch user 4xx", "list users 5xx"],
            requests.GetMeasurementSnapshot().Select(m => $"{m.Tags["operation"]} {m.Tags["status_class"]}"));
    }

    [Fact]
    public async Task The_outbox_gauges_show_the_last_count_and_scimapi_is_degraded_once_the_oldest_row_waited_over_a_minute()
    {
        var health = new OutboxHealthCheck(_backlog, Options.Create(new OutboxOptions()));
        _backlog.Update(3000, _clock.GetUtcNow());
        _clock.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync(new HealthCheckContext(), Cancel)).Status);
        Assert.Equal((3000, 60), Gauges());

        _clock.Advance(TimeSpan.FromSeconds(1));
        var degraded = await health.CheckHealthAsync(new HealthCheckContext(), Cancel);
        Assert.Equal(HealthStatus.Degraded, degraded.Status);
        Assert.Equal("3000 outbox messages wait to be published; the oldest for 61 s.", degraded.Description);

        _backlog.Update(0, null);
        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync(new HealthCheckContext(), Cancel)).Status);
        Assert.Equal((0, 0), Gauges());
    }

    private (long Waiting, double OldestAge) Gauges()
    {
        using var waiting = new MetricCollector<long>(Meters, ScimApiMetrics.MeterName, "workteam.outbox.waiting");
        using var age = new MetricCollector<double>(Meters, ScimApiMetrics.MeterName, "workteam.outbox.oldest_age");
        waiting.RecordObservableInstruments();
        age.RecordObservableInstruments();
        return (waiting.LastMeasurement!.Value, age.LastMeasurement!.Value);
    }

    private static DefaultHttpContext Request(string method, string path) =>
        new() { Request = { Method = method, Path = Organization + path } };

    public void Dispose() => _meters.Dispose();
}
