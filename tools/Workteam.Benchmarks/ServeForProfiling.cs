using System.Runtime.InteropServices;
using Aspire.Hosting;
using Aspire.Hosting.Testing;

namespace Workteam.Benchmarks;

/// <summary>
/// Starts the app exactly as the benchmarks do (Local mode, no dashboard, no rate limit) and keeps it running until
/// Ctrl+C, for profiling with dotnet-trace, dotnet-counters, perf or pg_stat_statements under a load of one's own.
/// </summary>
public static class ServeForProfiling
{
    /// <param name="settings">App host settings such as <c>Workteam:Replicas=2</c>.</param>
    public static async Task<int> RunAsync(string[] settings)
    {
        await using var app = await BenchmarkApp.StartAsync(["Gateway:Scim:RequestsPerSecond=1000000", "Gateway:Scim:Burst=1000000", .. settings]);
        Console.WriteLine($"gateway: {app.GetEndpoint("gateway", "http")}");
        Console.WriteLine($"scimapi: {app.GetEndpoint("scimapi", "http")}");
        foreach (var database in new[] { "scimdb", "directorydb", "notifierdb" })
        {
            Console.WriteLine($"{database}: {await app.GetConnectionStringAsync(database)}");
        }

        Console.WriteLine("Running; Ctrl+C or SIGTERM stops.");
        using var stop = new CancellationTokenSource();
        void Stop(PosixSignalContext signal)
        {
            signal.Cancel = true;
            stop.Cancel();
        }

        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        await Task.Delay(Timeout.Infinite, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        return 0;
    }
}
