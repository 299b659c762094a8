using Workteam.Gateway.Refusals;
using Yarp.ReverseProxy.Forwarder;

namespace Workteam.Gateway.Scim;

/// <summary>
/// YARP answers upstream failures with an empty body; SCIM clients get a SCIM error instead:
/// 504 when ScimApi took longer than the upstream timeout, 413 for a body over the limit, 502 otherwise. Each is
/// recorded as a refusal of the organization the path names.
/// </summary>
public sealed class ForwarderErrorResponses(ScimRefusals refusals)
{
    public async Task WriteScimErrorAsync(HttpContext context, Func<Task> next)
    {
        await next();
        var error = context.Features.Get<IForwarderErrorFeature>();
        if (error is null || context.Response.HasStarted || !context.Request.Path.StartsWithSegments("/scim"))
        {
            return;
        }

        var (status, kind, detail) =
            error.Exception is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }
            || error.Exception?.InnerException is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }
                ? (StatusCodes.Status413PayloadTooLarge, RefusalKind.BodyTooLarge, "The request body is too large.")
            : error.Error == ForwarderError.RequestTimedOut
                ? (StatusCodes.Status504GatewayTimeout, RefusalKind.TimedOut, "Workteam's SCIM service did not answer in time; the change may still have been applied.")
            : (context.Response.StatusCode >= 400 ? context.Response.StatusCode : StatusCodes.Status502BadGateway,
                RefusalKind.Unreachable, "The SCIM service could not be reached.");
        if (ScimPath.TryGetOrganization(context.Request.Path, out var organizationId, out _))
        {
            await refusals.RefuseAsync(context, organizationId, status, kind, detail);
        }
        else
        {
            await ScimErrorResponse.WriteAsync(context, status, detail);
        }
    }
}
