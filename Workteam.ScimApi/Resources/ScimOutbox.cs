using Workteam.Contracts.Provisioning;
using Workteam.ScimApi.Data;
using Workteam.ServiceDefaults.Outbox;

namespace Workteam.ScimApi.Resources;

/// <summary>Adds lifecycle events to the outbox with the SCIM request they come from (method, status and trace).</summary>
public static class ScimOutbox
{
    public static void AddEvent<TEvent>(this ScimDbContext db, TEvent message, ScimWrite write)
        where TEvent : class, IScimResourceEvent
    {
        write.EventsWritten++;
        db.AddMessage(Guid.CreateVersion7(), message, message.OccurredAt, write);
    }

    /// <summary>
    /// Adds a message; <paramref name="write"/> is the SCIM request it comes from, if any. A write's own trace (or
    /// none, when it carries none) goes with it; without a write, the current trace does.
    /// </summary>
    public static void AddMessage<TMessage>(this ScimDbContext db, Guid messageId, TMessage message, DateTimeOffset createdAt, ScimWrite? write)
        where TMessage : class =>
        db.AddOutboxMessage(messageId, message, createdAt, write is null ? OutboxTracing.CurrentTraceParent() : write.TraceParent, write?.Request);
}
