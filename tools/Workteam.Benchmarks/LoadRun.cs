using System.Diagnostics;

namespace Workteam.Benchmarks;

public sealed record LoadResult(string Name, int Requests, int Failures, double RequestsPerSecond, double P50Milliseconds, double P99Milliseconds);

/// <summary>Closed-loop load: <c>concurrency</c> loops send one request after another for a fixed time.</summary>
public static class LoadRun
{
    public static async Task<LoadResult> RunAsync(string name, TimeSpan duration, int concurrency, Func<Task<bool>> send)
    {
        var latencies = new List<double>[concurrency];
        var failures = 0;
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async loop =>
        {
            var own = latencies[loop] = [];
            while (stopwatch.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                var ok = await send();
                own.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (!ok)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        }));
        var elapsed = stopwatch.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new LoadResult(name, all.Length, failures, all.Length / elapsed, Percentile(all, 0.50), Percentile(all, 0.99));
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
