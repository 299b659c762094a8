using System.Text.Json;

namespace Workteam.ServiceDefaults.Outbox;

/// <summary>
/// Adds messages to the outbox through the same DbContext as the change they describe, so both commit in one
/// transaction or not at all.
/// </summary>
public static class OutboxWriter
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Adds a message; <paramref name="traceParent"/> is the trace its publish continues (none when null; usually
    /// <see cref="OutboxTracing.CurrentTraceParent"/>) and <paramref name="scimRequest"/> the SCIM request it comes
    /// from, if any.
    /// </summary>
    public static void AddOutboxMessage<TMessage>(
        this IOutboxDbContext db, Guid messageId, TMessage message, DateTimeOffset createdAt, string? traceParent, string? scimRequest = null)
        where TMessage : class =>
        db.OutboxMessages.Add(new OutboxMessage
        {
            MessageId = messageId,
            MessageType = typeof(TMessage).FullName!,
            Payload = JsonSerializer.SerializeToDocument(message, Json),
            CreatedAt = createdAt,
            ScimRequest = scimRequest,
            TraceParent = traceParent,
        });
}
