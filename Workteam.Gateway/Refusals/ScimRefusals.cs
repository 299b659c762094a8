using System.Diagnostics;
using Workteam.Contracts;
using Workteam.Gateway.Scim;

namespace Workteam.Gateway.Refusals;

/// <summary>
/// Answers a refused SCIM request with its SCIM error after recording it for the organization's provisioning
/// activity: journaled before the answer is written (<see cref="RefusalJournal"/>), within the flood bound of
/// <see cref="RefusalThrottle"/>. Only organizations Directory listed are recorded; a request for any other id
/// names nothing an admin could look at.
/// </summary>
public sealed class ScimRefusals(ScimCredentialCache credentials, RefusalThrottle throttle, RefusalJournal journal, GatewayMetrics metrics, TimeProvider clock)
{
    /// <summary>Paths are cut to this length (a 414 refusal's path can be 256 KB).</summary>
    public const int MaxPathLength = 150;

    public Task RefuseAsync(HttpContext context, Guid organizationId, int status, RefusalKind kind, string detail)
    {
        Record(context, organizationId, status, kind, detail);
        return ScimErrorResponse.WriteAsync(context, status, detail);
    }

    public void Record(HttpContext context, Guid organizationId, int status, RefusalKind kind, string reason)
    {
        metrics.Refused(kind);
        if (!credentials.Knows(organizationId))
        {
            return;
        }

        var at = clock.GetUtcNow();
        var method = context.Request.Method;
        var refusal = new ScimRefusal(
            Guid.CreateVersion7(at),
            organizationId,
            at,
            method.Length > 16 ? method[..16] : method,
            Cut(ScimPath.BelowBaseUrl(context.Request.Path)),
            status,
            reason,
            Activity.Current?.TraceId.ToHexString());
        if (throttle.Admit(refusal, kind))
        {
            journal.Append(refusal);
        }
    }

    private static string Cut(string path) => path.Length > MaxPathLength ? path[..(MaxPathLength - 1)] + "…" : path;
}
