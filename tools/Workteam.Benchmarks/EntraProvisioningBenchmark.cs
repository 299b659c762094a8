using System.Globalization;
using Aspire.Hosting.Testing;
using Workteam.LoadTest;
using Workteam.LoadTest.Reporting;

namespace Workteam.Benchmarks;

/// <summary>
/// Entra-like provisioning (the load test tool, in-process) through the gateway and straight to ScimApi with the
/// organization header the gateway would add: initial cycle, two incremental cycles, and the time until Directory
/// has applied everything.
/// </summary>
public static class EntraProvisioningBenchmark
{
    public static async Task<int> RunAsync(int users, int organizations, int concurrency)
    {
        // The benchmark measures provisioning, not the gateway's rate limit.
        await using var app = await BenchmarkApp.StartAsync("Gateway:Scim:RequestsPerSecond=1000000", "Gateway:Scim:Burst=1000000");
        var options = new LoadTestOptions
        {
            Gateway = app.GetEndpoint("gateway", "http"),
            Organizations = organizations,
            Users = users,
            Groups = Math.Max(1, users / 50),
            MembersPerGroup = Math.Min(users, 100),
            IncrementalCycles = 2,
            Concurrency = concurrency,
        };
        var direct = options with { ScimApiUrl = app.GetEndpoint("scimapi", "http") };

        // Warm both paths (JIT, connection pools) so that neither is measured on a colder process.
        var warmUp = options with { Organizations = 1, Users = 50, Groups = 1, IncrementalCycles = 0, VerifyDirectory = false };
        await LoadTestRunner.RunAsync(warmUp, TextWriter.Null, CancellationToken.None);
        await LoadTestRunner.RunAsync(warmUp with { ScimApiUrl = direct.ScimApiUrl }, TextWriter.Null, CancellationToken.None);

        var runs = new List<(string Path, LoadTestReport Report)>
        {
            ("through the gateway", await LoadTestRunner.RunAsync(options, Console.Error, CancellationToken.None)),
            ("ScimApi directly", await LoadTestRunner.RunAsync(direct, Console.Error, CancellationToken.None)),
        };

        foreach (var (_, report) in runs)
        {
            Console.WriteLine(report.ToMarkdown());
        }

        Console.WriteLine($"Entra-like provisioning, {organizations} organizations × {users} users, {concurrency} in flight, Local mode, {Environment.ProcessorCount} cores");
        Console.WriteLine();
        Console.WriteLine("| path | initial users requests/s | p50 ms | p99 ms | initial cycle end to end incl. Directory s | unexpected | mismatches |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var (path, report) in runs)
        {
            var initialUsers = report.Phases.Single(p => p.Name == "initial: users");
            var endToEnd = report.Timings.FirstOrDefault(t => t.Name == "initial cycle: end to end including Directory")?.Duration.TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {path} | {initialUsers.RequestsPerSecond:F0} | {initialUsers.P50Milliseconds:F1} | {initialUsers.P99Milliseconds:F1} | {(endToEnd is { } s ? s.ToString("F1", CultureInfo.InvariantCulture) : "not reached")} | {report.UnexpectedStatuses} | {report.Mismatches} |"));
        }

        return runs.All(r => r.Report.Passed) ? 0 : 1;
    }
}
