using System.Diagnostics;
using MassTransit;
using MassTransit.Logging;
using Workteam.Contracts.Provisioning;

namespace Workteam.Directory.Provisioning;

/// <summary>
/// Directory's spans of applying provisioning events, each in the trace of the SCIM request that caused its event
/// (decision 0020). A message consumed on its own is already in that trace (MassTransit continues its publish
/// span); the events of a batch each come from another request, so each gets a span of its own under its message's
/// publish span, linked to the batch's span.
/// </summary>
public static class EventTracing
{
    /// <summary>Directory's own source, which the service defaults subscribe to (the application's name).</summary>
    public static readonly ActivitySource Source = new(typeof(EventTracing).Assembly.GetName().Name!);

    /// <summary>The span of a batch, linked to the trace of each of its messages.</summary>
    public static System.Diagnostics.Activity? StartBatch(string name, IEnumerable<ConsumeContext> items) =>
        Source.HasListeners()
            ? Source.StartActivity(name, ActivityKind.Internal, default(ActivityContext),
                links: [.. items.Select(PublishedIn).OfType<ActivityContext>().Select(c => new ActivityLink(c))])
            : null;

    /// <summary>
    /// Starts (and makes current) the span of work on one event, in its request's trace: a child of the current
    /// span when that is in the same trace, else of the message's publish span, linked to the current one.
    /// </summary>
    public static System.Diagnostics.Activity? StartFor(ConsumeContext item, string name)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var current = System.Diagnostics.Activity.Current;
        if (PublishedIn(item) is not { } published || current?.TraceId == published.TraceId)
        {
            return Source.StartActivity(name, ActivityKind.Internal);
        }

        return Source.StartActivity(name, ActivityKind.Internal, published, links: current is null ? null : [new ActivityLink(current.Context)]);
    }

    /// <summary>
    /// The span that published the message (MassTransit's header), else the SCIM request's span ScimApi stored
    /// with it; null for a message from no trace.
    /// </summary>
    private static ActivityContext? PublishedIn(ConsumeContext item) =>
        (item.Headers.Get<string>(DiagnosticHeaders.ActivityId) ?? item.Headers.Get<string>(ScimRequestHeaders.TraceParent)) is { } traceParent
        && ActivityContext.TryParse(traceParent, null, isRemote: true, out var context)
            ? context
            : null;
}
