using System.Diagnostics;
using Workteam.LoadTest.Reporting;

namespace Workteam.LoadTest.Load;

/// <summary>Latencies, unexpected statuses and progress of one phase, recorded by many requests at once.</summary>
internal sealed class PhaseRecorder(string name, int expectedRequests)
{
    private const int MaxExamples = 5;

    private readonly Lock _lock = new();
    private readonly List<double> _latencies = new(expectedRequests);
    private readonly List<UnexpectedResponse> _examples = [];
    private int _unexpected;
    private int _throttled;
    private long _started = Stopwatch.GetTimestamp();
    private long? _stopped;

    public string Name { get; } = name;

    /// <summary>The number of requests the phase is expected to send (for progress; the real number may differ a little).</summary>
    public int Expected { get; } = expectedRequests;

    public int Done
    {
        get
        {
            lock (_lock)
            {
                return _latencies.Count;
            }
        }
    }

    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_started, _stopped ?? Stopwatch.GetTimestamp());

    public void Start() => _started = Stopwatch.GetTimestamp();

    public void Stop() => _stopped = Stopwatch.GetTimestamp();

    public void Record(double milliseconds, UnexpectedResponse? unexpected)
    {
        lock (_lock)
        {
            _latencies.Add(milliseconds);
            if (unexpected is not null)
            {
                _unexpected++;
                if (_examples.Count < MaxExamples)
                {
                    _examples.Add(unexpected);
                }
            }
        }
    }

    public void RecordThrottled() => Interlocked.Increment(ref _throttled);

    public PhaseResult Result()
    {
        lock (_lock)
        {
            var sorted = _latencies.Order().ToArray();
            return new PhaseResult(Name, sorted.Length, Elapsed.TotalSeconds, Percentile(sorted, 0.50), Percentile(sorted, 0.99),
                _unexpected, _throttled, [.. _examples]);
        }
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
