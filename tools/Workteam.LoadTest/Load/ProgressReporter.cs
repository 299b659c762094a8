using System.Globalization;

namespace Workteam.LoadTest.Load;

/// <summary>Writes one line about every second: the current phase, requests done of expected, the rate of the last second and an ETA.</summary>
internal sealed class ProgressReporter : IAsyncDisposable
{
    private readonly TextWriter _writer;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private PhaseRecorder? _phase;
    private string? _activity;

    public ProgressReporter(TextWriter writer)
    {
        _writer = writer;
        _loop = Task.Run(() => LoopAsync(_stop.Token));
    }

    public void Show(PhaseRecorder phase)
    {
        _activity = null;
        _phase = phase;
    }

    /// <summary>Something that is not a phase of requests, such as waiting for Directory.</summary>
    public void Show(string activity)
    {
        _phase = null;
        _activity = activity;
        Write($"{activity}…");
    }

    /// <summary>Changes what the next lines say about the current activity without writing a line now.</summary>
    public void Describe(string activity)
    {
        if (_phase is null)
        {
            _activity = activity;
        }
    }

    public void Write(string line)
    {
        lock (_writer)
        {
            _writer.WriteLine(line);
            _writer.Flush();
        }
    }

    private async Task LoopAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        PhaseRecorder? previous = null;
        var previousDone = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(stopping))
            {
                if (_phase is not { } phase)
                {
                    if (_activity is { } activity)
                    {
                        Write($"{activity}…");
                    }

                    continue;
                }

                var done = phase.Done;
                var rate = phase == previous ? done - previousDone : done / Math.Max(phase.Elapsed.TotalSeconds, 0.001);
                var averageRate = done / Math.Max(phase.Elapsed.TotalSeconds, 0.001);
                var remaining = Math.Max(0, phase.Expected - done);
                var eta = averageRate > 0 ? TimeSpan.FromSeconds(remaining / averageRate) : (TimeSpan?)null;
                Write(string.Create(CultureInfo.InvariantCulture,
                    $"{phase.Name}: {done}/{phase.Expected} requests, {rate:F0}/s, ETA {(eta is { } e ? $"{e.TotalSeconds:F0} s" : "?")}"));
                previous = phase;
                previousDone = done;
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
