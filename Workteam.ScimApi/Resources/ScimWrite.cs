using Workteam.ServiceDefaults.Outbox;

namespace Workteam.ScimApi.Resources;

/// <summary>
/// The SCIM write request being handled, for the lifecycle events it causes: the outbox rows carry its method, the
/// status Entra gets and its trace, so Directory's provisioning activity shows the answer Entra got for each change.
/// </summary>
public sealed class ScimWrite
{
    public string Method { get; private set; } = "";

    /// <summary>The status the request is answered with: its success status until it is answered otherwise.</summary>
    public int Status { get; set; }

    public string? TraceParent { get; private set; }

    /// <summary>How many lifecycle events the request added to the outbox: none means it changed nothing.</summary>
    public int EventsWritten { get; set; }

    /// <summary>The method and status as outbox rows carry them, e.g. <c>PATCH 204</c>.</summary>
    public string? Request => Method.Length == 0 ? null : $"{Method} {Status}";

    public static bool IsWrite(string method) =>
        HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method);

    /// <summary>Starts the write; its events carry the current trace only when <paramref name="carryTraceContext"/>.</summary>
    public void Begin(string method, bool carryTraceContext = true)
    {
        Method = method.ToUpperInvariant();
        Status = Method switch { "POST" => StatusCodes.Status201Created, "DELETE" => StatusCodes.Status204NoContent, _ => StatusCodes.Status200OK };
        TraceParent = carryTraceContext ? OutboxTracing.CurrentTraceParent() : null;
    }
}
