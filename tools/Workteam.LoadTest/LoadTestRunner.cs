using System.Globalization;
using Workteam.LoadTest.Cycles;
using Workteam.LoadTest.Load;
using Workteam.LoadTest.Reporting;

namespace Workteam.LoadTest;

/// <summary>
/// Behaves like Microsoft Entra's provisioning service against a running Workteam: sets up organizations through
/// the admin API, runs Test Connection, an initial cycle and incremental cycles in Entra's order, and checks that
/// ScimApi and Directory end up equal to the source directories.
/// </summary>
public static class LoadTestRunner
{
    public static async Task<LoadTestReport> RunAsync(LoadTestOptions options, TextWriter progress, CancellationToken cancellationToken)
    {
        Validate(options);
        var runTag = options.RunTag ?? Guid.NewGuid().ToString("N")[..8];
        using var http = new HttpClient(new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            MaxConnectionsPerServer = int.MaxValue,
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        using var shaper = LoadShaper.For(options);
        await using var reporter = new ProgressReporter(progress);
        var run = await LoadTestRun.SetUpAsync(options, runTag, http, shaper, reporter, cancellationToken);

        await run.PhaseAsync("test connection", run.Tenants.Count * 2, EntraRequests.TestConnectionAsync, cancellationToken);
        await InitialCycle.RunAsync(run, cancellationToken);
        for (var cycle = 1; cycle <= options.IncrementalCycles; cycle++)
        {
            await IncrementalCycle.RunAsync(run, cycle, cancellationToken);
        }

        return new LoadTestReport(Describe(options, runTag), run.Phases, run.Checks, run.Timings, run.Notes,
            run.Tenants.Select(t => t.Organization).ToList());
    }

    private static string Describe(LoadTestOptions options, string runTag)
    {
        var load = options.Mode == LoadMode.Closed
            ? $"closed loop, {options.Concurrency} in flight"
            : string.Create(CultureInfo.InvariantCulture, $"open loop, {options.RequestsPerSecond:F0} requests/s");
        var target = options.ScimApiUrl is null ? "through the gateway" : "straight to ScimApi";
        var dialect = options.Dialect == PatchDialect.Default ? "default" : "aadOptscim062020";
        return $"{options.Organizations} organizations × {options.Users} users, {options.Groups} groups × {options.MembersPerGroup} members, "
            + $"{options.IncrementalCycles} incremental cycle{(options.IncrementalCycles == 1 ? "" : "s")}, {dialect} PATCH dialect, {load}, SCIM {target}, seed {options.Seed}, run tag {runTag}";
    }

    private static void Validate(LoadTestOptions options)
    {
        Require(options.Organizations >= 1, "at least one organization");
        Require(options.Users >= 1, "at least one user");
        Require(options.Groups >= 0 && options.MembersPerGroup >= 0, "no negative group or member counts");
        Require(options.IncrementalCycles >= 0, "no negative cycle count");
        Require(options.Concurrency >= 1, "a concurrency of at least 1");
        Require(options.RequestsPerSecond > 0, "a positive request rate");
        Require(options.MemberBatchSize >= 1, "a member batch size of at least 1");
        Require(options.ReportsPerManager >= 1, "at least one report per manager");
        Require(options.Changes.MaxDeprovisionedShare is >= 0 and < 0.2,
            "a deprovisioning budget under 20% (Directory's deprovisioning guard holds more than that)");
        Require(options.RunTag is null || options.RunTag.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'), "a run tag of letters, digits and '-'");
    }

    private static void Require(bool condition, string what)
    {
        if (!condition)
        {
            throw new ArgumentException($"A load test needs {what}.");
        }
    }
}
