using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace Workteam.Gateway.Scim;

/// <summary>
/// YARP answers upstream failures with an empty body; SCIM clients get a SCIM error instead:
/// 504 when ScimApi took longer than the upstream timeout, 413 for a body over the limit, 502 otherwise.
/// </summary>
public static class ForwarderErrorResponses
{
    public static async Task WriteScimErrorAsync(HttpContext context, Func<Task> next)
    {
        await next();
        var error = context.Features.Get<IForwarderErrorFeature>();
        if (error is null || context.Response.HasStarted || !context.Request.Path.StartsWithSegments("/scim"))
        {
            return;
        }

        if (error.Exception is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }
            || error.Exception?.InnerException is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
        {
            await ScimErrorResponse.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, "The request body is too large.");
        }
        else if (error.Error == ForwarderError.RequestTimedOut)
        {
            await ScimErrorResponse.WriteAsync(context, StatusCodes.Status504GatewayTimeout, "ScimApi did not answer in time.");
        }
        else
        {
            await ScimErrorResponse.WriteAsync(context, context.Response.StatusCode >= 400 ? context.Response.StatusCode : StatusCodes.Status502BadGateway,
                "The SCIM service could not be reached.");
        }
    }
}
