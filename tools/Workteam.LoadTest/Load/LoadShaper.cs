using System.Diagnostics;

namespace Workteam.LoadTest.Load;

/// <summary>When a request may start. Latency is measured from the moment it returns (the scheduled start).</summary>
public abstract class LoadShaper : IDisposable
{
    public static LoadShaper For(LoadTestOptions options) => options.Mode switch
    {
        LoadMode.Closed => new ClosedLoop(options.Concurrency),
        LoadMode.Open => new OpenLoop(options.RequestsPerSecond),
        _ => throw new ArgumentOutOfRangeException(nameof(options), options.Mode, null),
    };

    /// <summary>How many chains of dependent requests run at once within one organization's phase.</summary>
    public abstract int ChainsInParallel { get; }

    /// <summary>Waits for the request's turn and returns its scheduled start (a <see cref="Stopwatch"/> timestamp).</summary>
    public abstract Task<long> StartAsync(CancellationToken cancellationToken);

    public abstract void Finished();

    public virtual void Dispose() => GC.SuppressFinalize(this);

    private sealed class ClosedLoop(int concurrency) : LoadShaper
    {
        private readonly SemaphoreSlim _inFlight = new(concurrency, concurrency);

        public override int ChainsInParallel => concurrency;

        public override async Task<long> StartAsync(CancellationToken cancellationToken)
        {
            await _inFlight.WaitAsync(cancellationToken);
            return Stopwatch.GetTimestamp();
        }

        public override void Finished() => _inFlight.Release();

        public override void Dispose()
        {
            _inFlight.Dispose();
            base.Dispose();
        }
    }

    /// <summary>
    /// Starts at most one request per interval, on schedule whether or not earlier ones have answered. A slot that
    /// passes with no request ready (every chain waiting for an answer it depends on) is skipped, not made up later.
    /// </summary>
    private sealed class OpenLoop(double requestsPerSecond) : LoadShaper
    {
        private readonly long _interval = (long)(Stopwatch.Frequency / requestsPerSecond);
        private readonly Lock _lock = new();
        private long _nextSlot;

        public override int ChainsInParallel => int.MaxValue;

        public override async Task<long> StartAsync(CancellationToken cancellationToken)
        {
            long slot;
            lock (_lock)
            {
                slot = Math.Max(_nextSlot, Stopwatch.GetTimestamp());
                _nextSlot = slot + _interval;
            }

            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), slot);
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait, cancellationToken);
            }

            return slot;
        }

        public override void Finished()
        {
        }
    }
}
