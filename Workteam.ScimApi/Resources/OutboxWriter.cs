using System.Text.Json;
using Workteam.Contracts.Provisioning;
using Workteam.ScimApi.Data;

namespace Workteam.ScimApi.Resources;

/// <summary>
/// Adds lifecycle events to the outbox through the same DbContext as the change they describe, so both commit
/// in one transaction or not at all.
/// </summary>
public static class OutboxWriter
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void AddEvent<TEvent>(this ScimDbContext db, TEvent message, ScimWrite write)
        where TEvent : class, IScimResourceEvent
    {
        write.EventsWritten++;
        db.AddMessage(Guid.CreateVersion7(), message, message.OccurredAt, write);
    }

    /// <summary>Adds a message; <paramref name="write"/> is the SCIM request it comes from, if any.</summary>
    public static void AddMessage<TMessage>(this ScimDbContext db, Guid messageId, TMessage message, DateTimeOffset createdAt, ScimWrite? write)
        where TMessage : class =>
        db.OutboxMessages.Add(new OutboxMessage
        {
            MessageId = messageId,
            MessageType = typeof(TMessage).FullName!,
            Payload = JsonSerializer.SerializeToDocument(message, Json),
            CreatedAt = createdAt,
            ScimRequest = write?.Request,
            TraceParent = write?.TraceParent,
        });
}
