using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Workteam.Contracts.Provisioning;

namespace Workteam.ServiceDefaults.Outbox;

/// <summary>Turns an outbox row back into the message it holds, or says why it cannot.</summary>
public static class OutboxMessageReader
{
    /// <summary>As written, but strict: a missing required value or a null where none may be is an error here, not later in a consumer.</summary>
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    public static bool TryRead(OutboxMessage row, [NotNullWhen(true)] out object? message, [NotNullWhen(false)] out string? error)
    {
        message = null;
        var type = typeof(IScimResourceEvent).Assembly.GetType(row.MessageType);
        if (type is null)
        {
            error = $"unknown message type {row.MessageType}";
            return false;
        }

        try
        {
            message = row.Payload.Deserialize(type, Json);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or ArgumentException)
        {
            error = $"the payload does not read as {type.Name}: {e.Message}";
            return false;
        }

        error = message is null ? $"the payload of a {type.Name} is null" : null;
        return message is not null;
    }
}
