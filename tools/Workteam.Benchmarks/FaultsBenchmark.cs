using Workteam.Testing.Faults;

namespace Workteam.Benchmarks;

/// <summary>
/// The fault matrix (README, "Faults"): every part of the app killed and restarted, then frozen, each twice during
/// an Entra-like sync; then, in an app with two replicas of each service, one replica of each killed. With
/// <c>--short</c>, one fault of each kind against one organization, as the test suite runs it.
/// </summary>
public static class FaultsBenchmark
{
    public static async Task<int> RunAsync(bool shortVersion)
    {
        var reports = new List<FaultMatrixReport>();
        if (shortVersion)
        {
            reports.Add(await RunAsync(replicas: 2, FaultPlan.Short, FaultMatrixSettings.Short));
        }
        else
        {
            reports.Add(await RunAsync(replicas: 1, FaultPlan.KillsAndFreezes, new FaultMatrixSettings()));
            reports.Add(await RunAsync(replicas: 2, FaultPlan.ReplicaKills, new FaultMatrixSettings()));
        }

        foreach (var report in reports)
        {
            Console.WriteLine(report.ToMarkdown());
        }

        return reports.All(r => r.Passed) ? 0 : 1;
    }

    private static async Task<FaultMatrixReport> RunAsync(int replicas, IReadOnlyList<Fault> faults, FaultMatrixSettings settings)
    {
        await using var app = await BenchmarkApp.StartAsync(FaultMatrixSettings.AppSettings(replicas));
        var report = await FaultMatrix.RunAsync(app, faults, settings, Console.Error, CancellationToken.None);
        return report with { Description = $"Workteam:Replicas={replicas}, {report.Description}" };
    }
}
