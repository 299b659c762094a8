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
        db.OutboxMessages.Add(new OutboxMessage
        {
            MessageId = Guid.CreateVersion7(),
            MessageType = typeof(TEvent).FullName!,
            Payload = JsonSerializer.SerializeToDocument(message, Json),
            CreatedAt = message.OccurredAt,
        });
}
