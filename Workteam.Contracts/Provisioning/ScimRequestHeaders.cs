namespace Workteam.Contracts.Provisioning;

/// <summary>
/// Message headers ScimApi's outbox relay adds to every message a SCIM request caused: the request's method and the
/// status Entra got (e.g. <c>PATCH 200</c>), and its W3C traceparent. A message without them did not come from a
/// SCIM request (Directory's own failure reports, say).
/// </summary>
public static class ScimRequestHeaders
{
    public const string Request = "Workteam-Scim-Request";
    public const string TraceParent = "Workteam-Scim-TraceParent";

    /// <summary>The status in a <see cref="Request"/> value, or null when it has none.</summary>
    public static int? StatusOf(string? request) =>
        request?.LastIndexOf(' ') is int space and > 0 && int.TryParse(request.AsSpan(space + 1), out var status) ? status : null;

    /// <summary>The trace id (32 hex digits) in a traceparent, or null.</summary>
    public static string? TraceIdOf(string? traceParent) =>
        traceParent is { Length: >= 35 } && traceParent[2] == '-' ? traceParent.Substring(3, 32) : null;
}
