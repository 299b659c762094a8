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
        await using var sync = await EntraSync.StartAsync(options, progress, cancellationToken);
        for (var cycle = 1; cycle <= options.IncrementalCycles; cycle++)
        {
            await sync.RunCycleAsync(requestsDone: null, cancellationToken);
        }

        return sync.Report();
    }
}
