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

    /// <summary>
    /// Open-loop load: request i starts at <c>i / rate</c> seconds whether or not earlier ones answered, and its
    /// latency counts from that scheduled moment, so a stall shows in the figures instead of slowing the load.
    /// </summary>
    public static async Task<LoadResult> RunAtRateAsync(string name, TimeSpan duration, double rate, Func<Task<bool>> send)
    {
        var latencies = new System.Collections.Concurrent.ConcurrentBag<double>();
        var failures = 0;
        var total = (int)(duration.TotalSeconds * rate);
        var stopwatch = Stopwatch.StartNew();
        var requests = new List<Task>(total);
        for (var i = 0; i < total; i++)
        {
            var scheduled = TimeSpan.FromSeconds(i / rate);
            if (scheduled > stopwatch.Elapsed)
            {
                await Task.Delay(scheduled - stopwatch.Elapsed);
            }

            requests.Add(Task.Run(async () =>
            {
                var ok = await send();
                latencies.Add((stopwatch.Elapsed - scheduled).TotalMilliseconds);
                if (!ok)
                {
                    Interlocked.Increment(ref failures);
                }
            }));
        }

        await Task.WhenAll(requests);
        var all = latencies.Order().ToArray();
        return new LoadResult(name, all.Length, failures, all.Length / duration.TotalSeconds, Percentile(all, 0.50), Percentile(all, 0.99));
    }

    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
