using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Workteam.LoadTest;

namespace Workteam.Benchmarks.Load;

public sealed record ProvisioningLoadSettings(
    int Organizations = 10, int UsersPerOrganization = 10_000, int GroupsPerOrganization = 100, int MembersPerGroup = 50,
    int Concurrency = 16, int Replicas = 1, int Seconds = 15, string ResultsPath = "artifacts/bench/results.json",
    int TraceRounds = 3, int TraceSeconds = 6, string? Only = null);

/// <summary>
/// One run on one machine: the raw PostgreSQL limit for ScimApi's write transaction, SCIM creates straight to
/// ScimApi and through the gateway, the same at half rate, the trace context's overhead, an Entra-like initial sync of
/// many organizations until Directory has applied it (with deprovisioning latency measured meanwhile), and each
/// service's peak memory.
/// </summary>
public static class ProvisioningLoadBenchmark
{
    public static async Task<int> RunAsync(ProvisioningLoadSettings settings)
    {
        switch (settings.Only)
        {
            case TraceContextOverhead.OnlyName:
                var alone = await TraceContextOverhead.RunAsync(settings, Progress);
                Console.WriteLine(ProvisioningLoadReport.TraceContextMarkdown(alone, settings.Concurrency));
                return alone.Carried.Failures + alone.NotCarried.Failures == 0 ? 0 : 1;
            case not null:
                await Console.Error.WriteLineAsync($"--only knows one phase: {TraceContextOverhead.OnlyName}");
                return 2;
        }

        // First, in an app of its own that exports its telemetry; then the rest in an app that exports none.
        var traceContext = await TraceContextOverhead.RunAsync(settings, Progress);
        var duration = TimeSpan.FromSeconds(settings.Seconds);
        await using var app = await StartAppAsync(settings);
        var gatewayUrl = app.GetEndpoint("gateway", "http");
        var scimConnection = (await app.GetConnectionStringAsync("scimdb"))!;
        var quiet = new Quiescence(scimConnection, (await app.GetConnectionStringAsync("directorydb"))!);

        Progress("raw limit (pgbench)");
        var raw = RateFigure.From(await RawLimit.RunAsync(scimConnection, duration, settings.Concurrency));

        var (organizationId, token) = await BenchmarkApp.ProvisioningReadyAsync(gatewayUrl, invitations: false);
        using var direct = ScimWrites.Direct(app.GetEndpoint("scimapi", "http"), organizationId, await BenchmarkApp.ServiceTrustAsync(app));
        using var throughGateway = ScimWrites.ThroughGateway(gatewayUrl, organizationId, token);
        // Both paths warm (tiered compilation takes a few thousand requests), so that neither is measured colder.
        await LoadRun.RunAsync("warm-up", TimeSpan.FromSeconds(10), settings.Concurrency, ScimWrites.CreateUser(direct));
        await LoadRun.RunAsync("warm-up", TimeSpan.FromSeconds(10), settings.Concurrency, ScimWrites.CreateUser(throughGateway));

        await quiet.WaitAsync(TimeSpan.FromMinutes(5));
        var startPeaks = PeakMemory.OfServicesMegabytes();
        PeakMemory.Reset();
        Progress("SCIM creates straight to ScimApi");
        var (directResult, directCpu) = await WithCpuAsync(quiet, () => LoadRun.RunAsync("direct", duration, settings.Concurrency, ScimWrites.CreateUser(direct)));
        Progress("SCIM creates through the gateway");
        var (gatewayResult, gatewayCpu) = await WithCpuAsync(quiet, () => LoadRun.RunAsync("gateway", duration, settings.Concurrency, ScimWrites.CreateUser(throughGateway)));
        Progress("SCIM creates through the gateway at half that rate");
        // The open loop keeps more requests in flight than the closed one when one is slow: its connections are
        // opened in a warm-up at the same rate, not while measuring.
        await LoadRun.RunAtRateAsync("warm-up", TimeSpan.FromSeconds(5), gatewayResult.PerSecond / 2, ScimWrites.CreateUser(throughGateway));
        await quiet.WaitAsync(TimeSpan.FromMinutes(5));
        var halfLoad = RateFigure.From(await LoadRun.RunAtRateAsync("half load", duration, gatewayResult.PerSecond / 2, ScimWrites.CreateUser(throughGateway)));
        await quiet.WaitAsync(TimeSpan.FromMinutes(5));
        var createPeaks = PeakMemory.OfServicesMegabytes();
        PeakMemory.Reset();

        IReadOnlyDictionary<string, double> syncPeaks = new Dictionary<string, double>();
        void SyncRequestsDone(string cycle)
        {
            syncPeaks = PeakMemory.OfServicesMegabytes();
            PeakMemory.Reset();
        }

        var (sync, deprovisioning, organizations) = await InitialSyncWithDeprovisioningAsync(app, gatewayUrl, settings, SyncRequestsDone);

        var peaks = new PeakMemoryFigure(startPeaks, createPeaks, syncPeaks, PeakMemory.OfServicesMegabytes());
        Progress("members and teams an admin browses");
        var browsing = await MembersAndTeamsTimings.MeasureAsync(gatewayUrl, organizations[0], settings.UsersPerOrganization);
        Progress("SCIM list pages");
        var scimPages = await ScimPageTimings.MeasureAsync(gatewayUrl, organizations[0], settings.UsersPerOrganization);
        var sorted = deprovisioning.Order().ToArray();
        var report = new ProvisioningLoadReport(
            $"Local mode, {Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1L << 30)} GiB",
            settings.Concurrency, settings.Replicas, raw, directResult, gatewayResult, halfLoad, directCpu, gatewayCpu, traceContext, sync,
            LoadRun.Percentile(sorted, 0.5), LoadRun.Percentile(sorted, 0.99), sorted.Length, peaks,
            settings.UsersPerOrganization, browsing, scimPages,
            ProvisioningLoadReport.Check(raw, gatewayResult, gatewayCpu, halfLoad, traceContext, peaks, browsing, scimPages));
        Console.WriteLine(report.ToMarkdown());
        await report.WriteJsonAsync(settings.ResultsPath);
        Console.WriteLine($"Results: {Path.GetFullPath(settings.ResultsPath)}");
        return sync.UnexpectedStatuses + sync.Mismatches == 0
            && directResult.Failures + gatewayResult.Failures + halfLoad.Failures + traceContext.Carried.Failures + traceContext.NotCarried.Failures == 0 ? 0 : 1;
    }

    /// <summary>The app of the load benchmark; <paramref name="more"/> settings come last and win.</summary>
    internal static Task<DistributedApplication> StartAppAsync(ProvisioningLoadSettings settings, params string[] more) =>
        StartAppAsync(settings, otlpEndpoint: null, more);

    internal static Task<DistributedApplication> StartAppAsync(ProvisioningLoadSettings settings, string? otlpEndpoint, params string[] more)
    {
        string[] all =
        [
            "Gateway:Scim:RequestsPerSecond=1000000", "Gateway:Scim:Burst=1000000",
            // The deprovisioning rounds disable one member again and again; the guard is for mass deprovisioning.
            "Directory:DeprovisioningGuard:MinimumActions=1000000",
            $"Workteam:Replicas={settings.Replicas}",
            .. more,
        ];
        return otlpEndpoint is null ? BenchmarkApp.StartAsync(all) : BenchmarkApp.StartExportingTelemetryAsync(otlpEndpoint, all);
    }

    /// <summary>
    /// Runs a phase and reports the CPU milliseconds each part of the app spent per request, counting until the
    /// app is idle again so that the outbox relay's and Directory's share of the phase's work is included.
    /// </summary>
    internal static async Task<(RateFigure Result, IReadOnlyDictionary<string, double> CpuMillisecondsPerRequest)> WithCpuAsync(
        Quiescence quiet, Func<Task<LoadResult>> phase)
    {
        var before = ProcessCpu.SampleSeconds();
        var result = RateFigure.From(await phase());
        await quiet.WaitAsync(TimeSpan.FromMinutes(5));
        var used = ProcessCpu.Between(before, ProcessCpu.SampleSeconds());
        var requests = Math.Max(1, result.Requests);
        return (result, new SortedDictionary<string, double>(used.ToDictionary(p => p.Key, p => 1000 * p.Value / requests), StringComparer.Ordinal));
    }

    /// <summary>The initial sync, while one member of another organization is disabled and enabled over and over.</summary>
    private static async Task<(InitialSyncFigure Sync, List<double> Deprovisioning, IReadOnlyList<ProvisionedOrganization> Organizations)> InitialSyncWithDeprovisioningAsync(
        DistributedApplication app, Uri gatewayUrl, ProvisioningLoadSettings settings, Action<string> requestsDone)
    {
        var (organizationId, token) = await BenchmarkApp.ProvisioningReadyAsync(gatewayUrl);
        using var scim = ScimWrites.ThroughGateway(gatewayUrl, organizationId, token);
        using var gateway = new HttpClient { BaseAddress = gatewayUrl };
        using var mail = new HttpClient { BaseAddress = app.GetEndpoint("smtp", "http") };
        var (memberId, email) = await DeprovisioningBenchmark.ProvisionMemberAsync(scim, gateway, mail);

        Progress($"initial sync of {settings.Organizations} organizations × {settings.UsersPerOrganization:N0} users");
        var options = new LoadTestOptions
        {
            Gateway = gatewayUrl,
            Organizations = settings.Organizations,
            Users = settings.UsersPerOrganization,
            Groups = settings.GroupsPerOrganization,
            MembersPerGroup = settings.MembersPerGroup,
            IncrementalCycles = 0,
            Concurrency = settings.Concurrency,
            DirectoryTimeout = TimeSpan.FromMinutes(30),
            CycleRequestsDone = requestsDone,
        };
        var syncing = LoadTestRunner.RunAsync(options, Console.Error, CancellationToken.None);
        var deprovisioning = new List<double>();
        while (!syncing.IsCompleted)
        {
            try
            {
                deprovisioning.AddRange(await DeprovisioningBenchmark.MeasureAsync(scim, gateway, memberId, email, rounds: 1));
            }
            catch (TimeoutException)
            {
                // Reactivations share the queue of the sync's events (only deactivations and deletions have their
                // own), so the member may stay suspended for a while; the next round waits again.
            }
        }

        var report = await syncing;
        Console.Error.WriteLine(report.ToMarkdown());
        double Seconds(string suffix) =>
            report.Timings.FirstOrDefault(t => t.Name == $"initial cycle: {suffix}")?.Duration.TotalSeconds ?? double.NaN;
        var sync = new InitialSyncFigure(
            settings.Organizations,
            settings.Organizations * settings.UsersPerOrganization,
            settings.Organizations * settings.GroupsPerOrganization,
            settings.Organizations * settings.GroupsPerOrganization * settings.MembersPerGroup,
            report.Phases.Where(p => p.Name.StartsWith("initial: ", StringComparison.Ordinal)).Sum(p => p.Requests),
            Seconds("SCIM requests"),
            Seconds("end to end including Directory"),
            report.UnexpectedStatuses,
            report.Mismatches);
        return (sync, deprovisioning, report.Organizations);
    }

    internal static void Progress(string phase) =>
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{DateTime.Now:HH:mm:ss}] {phase}…"));
}
