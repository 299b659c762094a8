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
    /// Adds a message; <paramref name="scimRequest"/> is the SCIM request it comes from, if any, and
    /// <paramref name="traceParent"/> the trace its publish continues (by default the current one). A SCIM write
    /// passes its own trace explicitly (<paramref name="traceFromCaller"/>): null there means it carries none.
    /// </summary>
    public static void AddOutboxMessage<TMessage>(
        this IOutboxDbContext db, Guid messageId, TMessage message, DateTimeOffset createdAt, string? scimRequest = null, string? traceParent = null,
        bool traceFromCaller = false)
        where TMessage : class =>
        db.OutboxMessages.Add(new OutboxMessage
        {
            MessageId = messageId,
            MessageType = typeof(TMessage).FullName!,
            Payload = JsonSerializer.SerializeToDocument(message, Json),
            CreatedAt = createdAt,
            ScimRequest = scimRequest,
            TraceParent = traceFromCaller ? traceParent : traceParent ?? OutboxTracing.CurrentTraceParent(),
        });
}
