using System.Globalization;
using Microsoft.Extensions.Options;
using Workteam.Contracts;
using Workteam.Gateway.Scim;

namespace Workteam.Gateway.Refusals;

/// <summary>
/// Bounds the refusals recorded one by one: per organization and <see cref="RefusalKind"/>,
/// <see cref="ScimGatewayOptions.RefusalsRecordedPerMinute"/> in each minute of the clock; the others of that minute
/// are counted and become one summary once the minute has ended. A client retrying a revoked token all day thus
/// costs a handful of rows a minute, and its admin still sees how many requests failed.
/// </summary>
public sealed class RefusalThrottle(TimeProvider clock, IOptions<ScimGatewayOptions> options)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(Guid Organization, RefusalKind Kind), Minute> _minutes = [];
    private readonly List<ScimRefusal> _summaries = [];
    private readonly int _perMinute = options.Value.RefusalsRecordedPerMinute;

    /// <summary>True when the refusal is to be recorded on its own; false when it is only counted for its minute's summary.</summary>
    public bool Admit(ScimRefusal refusal, RefusalKind kind)
    {
        var start = MinuteOf(refusal.At);
        var key = (refusal.OrganizationId, kind);
        lock (_lock)
        {
            if (!_minutes.TryGetValue(key, out var minute) || minute.Start != start)
            {
                if (minute is not null)
                {
                    Summarize(minute);
                }

                minute = new Minute(start);
                _minutes[key] = minute;
            }

            if (minute.Recorded < _perMinute)
            {
                minute.Recorded++;
                return true;
            }

            minute.Counted++;
            minute.Last = refusal;
            return false;
        }
    }

    /// <summary>The summaries of the minutes that have ended, each taken once.</summary>
    public IReadOnlyList<ScimRefusal> TakeSummaries()
    {
        var current = MinuteOf(clock.GetUtcNow());
        lock (_lock)
        {
            foreach (var (key, minute) in _minutes.Where(m => m.Value.Start < current).ToList())
            {
                _minutes.Remove(key);
                Summarize(minute);
            }

            var taken = _summaries.ToList();
            _summaries.Clear();
            return taken;
        }
    }

    private void Summarize(Minute minute)
    {
        if (minute.Last is not { } last)
        {
            return;
        }

        var requests = minute.Counted == 1 ? "1 more request" : $"{minute.Counted.ToString("N0", CultureInfo.InvariantCulture)} more requests";
        var reason = $"And {requests} refused for the same reason between {minute.Start:HH:mm} and {minute.Start.AddMinutes(1):HH:mm} UTC: {last.Reason}";
        _summaries.Add(last with { Id = Guid.CreateVersion7(last.At), Reason = reason, TraceId = null });
    }

    private static DateTimeOffset MinuteOf(DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - utc.Ticks % TimeSpan.TicksPerMinute, TimeSpan.Zero);
    }

    private sealed class Minute(DateTimeOffset start)
    {
        public DateTimeOffset Start { get; } = start;

        public int Recorded { get; set; }

        public int Counted { get; set; }

        public ScimRefusal? Last { get; set; }
    }
}
