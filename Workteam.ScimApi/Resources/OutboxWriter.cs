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

    public static void AddEvent<TEvent>(this ScimDbContext db, TEvent message)
        where TEvent : class, IScimResourceEvent =>
        db.AddMessage(Guid.CreateVersion7(), message, message.OccurredAt);

    public static void AddMessage<TMessage>(this ScimDbContext db, Guid messageId, TMessage message, DateTimeOffset createdAt)
        where TMessage : class =>
        db.OutboxMessages.Add(new OutboxMessage
        {
            MessageId = messageId,
            MessageType = typeof(TMessage).FullName!,
            Payload = JsonSerializer.SerializeToDocument(message, Json),
            CreatedAt = createdAt,
        });
}
