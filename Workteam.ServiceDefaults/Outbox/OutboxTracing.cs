using System.Diagnostics;

namespace Workteam.ServiceDefaults.Outbox;

/// <summary>
/// Carries the trace of the request that wrote an outbox row on to its publish (decision 0020). MassTransit
/// parents its publish span on <see cref="Activity.Current"/> and passes that span to the consumers in its
/// <c>MT-Activity-Id</c> header, so the relay's span, a child of the row's stored traceparent, puts the publish
/// and everything the consumers do in the request's trace.
/// </summary>
public sealed class OutboxTracing(string applicationName) : IDisposable
{
    /// <summary>The service's own source, which the service defaults subscribe to (the application's name).</summary>
    private readonly ActivitySource _source = new(applicationName);

    /// <summary>The W3C traceparent of <see cref="Activity.Current"/>, or null outside any trace.</summary>
    public static string? CurrentTraceParent() =>
        Activity.Current is { } activity ? $"00-{activity.TraceId}-{activity.SpanId}-{(activity.Recorded ? "01" : "00")}" : null;

    /// <summary>
    /// Starts the relay span of one row in its request's trace and makes it current; null when nothing records
    /// traces or the row has no (valid) traceparent, in which case the publish starts a trace of its own.
    /// </summary>
    public Activity? StartRelay(OutboxMessage row, DateTimeOffset now)
    {
        if (!_source.HasListeners() || row.TraceParent is null || !ActivityContext.TryParse(row.TraceParent, null, isRemote: true, out var request))
        {
            return null;
        }

        var relay = _source.StartActivity("outbox relay", ActivityKind.Internal, request);
        relay?.SetTag("workteam.outbox.message_type", row.MessageType);
        relay?.SetTag("workteam.outbox.waited_ms", (long)(now - row.CreatedAt).TotalMilliseconds);
        return relay;
    }

    public void Dispose() => _source.Dispose();
}
