using System.Diagnostics;
using Workteam.ScimApi.Data;

namespace Workteam.ScimApi.Outbox;

/// <summary>
/// Carries the trace of the SCIM request that wrote an outbox row on to its publish (decision 0020). MassTransit
/// parents its publish span on <see cref="Activity.Current"/> and passes that span to the consumers in its
/// <c>MT-Activity-Id</c> header, so the relay's span, a child of the request's stored traceparent, puts the publish
/// and everything the consumers do in the request's trace.
/// </summary>
public static class OutboxTracing
{
    /// <summary>ScimApi's own source, which the service defaults subscribe to (the application's name).</summary>
    private static readonly ActivitySource Source = new(typeof(OutboxTracing).Assembly.GetName().Name!);

    /// <summary>
    /// Starts the relay span of one row in its request's trace and makes it current; null when nothing records
    /// traces or the row has no (valid) traceparent, in which case the publish starts a trace of its own.
    /// </summary>
    public static Activity? StartRelay(OutboxMessage row, DateTimeOffset now)
    {
        if (!Source.HasListeners() || row.TraceParent is null || !ActivityContext.TryParse(row.TraceParent, null, isRemote: true, out var request))
        {
            return null;
        }

        var relay = Source.StartActivity("outbox relay", ActivityKind.Internal, request);
        relay?.SetTag("workteam.outbox.message_type", row.MessageType);
        relay?.SetTag("workteam.outbox.waited_ms", (long)(now - row.CreatedAt).TotalMilliseconds);
        return relay;
    }
}
