using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Workteam.Contracts;
using Workteam.Gateway.Refusals;

namespace Workteam.Gateway.Tests;

/// <summary>What the guard records of the requests it refuses, and of the writes it lets through.</summary>
public sealed class ScimRefusalsTests
{
    private static readonly Guid Organization = Guid.CreateVersion7();
    private static readonly IPAddress Address = IPAddress.Parse("40.126.0.10");
    private const string Revoked = "This token was revoked on 2026-11-30 at 16:02 UTC by alice@contoso.com.";

    [Fact]
    public async Task A_retired_token_gets_a_401_that_says_why_and_the_refusal_is_journaled_with_that_reason()
    {
        using var directory = await LoadedAsync();

        var (context, forwarded) = await directory.SendAsync(Organization, "wtscim_revoked", Address, "PATCH", "/Users/2819c223-7f76-453a-919d-413861904646");

        Assert.False(forwarded);
        Assert.Equal(401, context.Response.StatusCode);
        Assert.Equal(Revoked, Detail(context));
        var refusal = Assert.Single(directory.Journal.Pending(10));
        Assert.Equal((Organization, "PATCH", "/Users/2819c223-7f76-453a-919d-413861904646", 401, Revoked),
            (refusal.OrganizationId, refusal.Method, refusal.Path, refusal.Status, refusal.Reason));
        Assert.Equal(directory.Clock.GetUtcNow(), refusal.At);
    }

    [Fact]
    public async Task An_unknown_token_and_a_missing_one_are_told_apart_from_a_retired_one()
    {
        using var directory = await LoadedAsync();

        var (unknown, _) = await directory.SendAsync(Organization, "wtscim_never-issued", Address);
        var (missing, _) = await directory.SendAsync(Organization, null, Address);

        Assert.StartsWith("The bearer token is not a token of this organization.", Detail(unknown));
        Assert.StartsWith("A bearer token of this organization is required", Detail(missing));
        Assert.Equal([Detail(unknown), Detail(missing)], directory.Journal.Pending(10).Select(r => r.Reason));
    }

    [Fact]
    public async Task Refusals_for_an_organization_directory_did_not_list_are_answered_but_not_recorded()
    {
        using var directory = await LoadedAsync();

        var (context, _) = await directory.SendAsync(Guid.CreateVersion7(), "wtscim_working", Address);

        Assert.Equal(401, context.Response.StatusCode);
        Assert.Empty(directory.Journal.Pending(10));
    }

    [Fact]
    public async Task The_start_of_the_latest_successful_write_of_each_organization_is_kept_for_the_usage_report()
    {
        using var directory = await LoadedAsync();
        var started = directory.Clock.GetUtcNow();
        await directory.SendAsync(Organization, "wtscim_working", Address, "PATCH", "/Users/x", upstreamStatus: 200);
        directory.Clock.Advance(TimeSpan.FromSeconds(1));
        await directory.SendAsync(Organization, "wtscim_working", Address, "GET", "/Users", upstreamStatus: 200);
        await directory.SendAsync(Organization, "wtscim_working", Address, "POST", "/Users", upstreamStatus: 409);

        var (_, lastWrites) = directory.Usage.TakeAll();

        Assert.Equal([new OrganizationLastWrite(Organization, started)], lastWrites);
    }

    [Fact]
    public async Task Every_refusal_is_counted_by_reason_alone_even_for_an_organization_directory_did_not_list()
    {
        using var directory = await LoadedAsync();
        using var refusals = new MetricCollector<long>(directory.MeterFactory, GatewayMetrics.MeterName, "workteam.gateway.refusals");

        await directory.SendAsync(Organization, "wtscim_revoked", Address);
        await directory.SendAsync(Organization, "wtscim_never-issued", Address);
        await directory.SendAsync(Guid.CreateVersion7(), "wtscim_working", Address);
        await directory.SendAsync(Organization, "wtscim_working", Address);

        var counted = refusals.GetMeasurementSnapshot();
        Assert.Equal(["retired_token", "unknown_token", "unknown_token"], counted.Select(m => m.Tags["reason"]));
        Assert.All(counted, m => Assert.Equal("1 reason", $"{m.Value} {string.Join(",", m.Tags.Keys)}"));
    }

    private static async Task<FakeDirectory> LoadedAsync()
    {
        var directory = new FakeDirectory();
        directory.Credentials = () => FakeDirectory.Snapshot("v1",
        [
            new OrganizationScimCredentials(Organization, [new ScimCredential(Guid.CreateVersion7(), SecretHash.Compute("wtscim_working"))],
                [new RetiredScimCredential(SecretHash.Compute("wtscim_revoked"), Revoked)]),
        ]);
        Assert.True(await directory.Refresher.RefreshIfNotSinceAsync(directory.Clock.GetUtcNow(), TestContext.Current.CancellationToken));
        return directory;
    }

    private static string Detail(Microsoft.AspNetCore.Http.HttpContext context)
    {
        context.Response.Body.Position = 0;
        return JsonDocument.Parse(context.Response.Body).RootElement.GetProperty("detail").GetString()!;
    }
}
