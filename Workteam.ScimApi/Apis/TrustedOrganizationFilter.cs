using Workteam.Contracts;
using Workteam.ScimApi.Protocol;

namespace Workteam.ScimApi.Apis;

/// <summary>
/// ScimApi answers only requests the gateway authenticated: the gateway's organization header must name the
/// organization in the path, and its signed, unexpired assertion must vouch for that organization (decision 0013).
/// A caller that reaches ScimApi without the gateway cannot make one.
/// </summary>
public sealed class TrustedOrganizationFilter(ServiceTrust trust, TimeProvider clock) : IEndpointFilter
{
    public const string OrganizationHeader = "X-Workteam-Organization-Id";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var route = http.GetRouteValue("organizationId")?.ToString();
        if (!Guid.TryParse(http.Request.Headers[OrganizationHeader], out var trusted) || !Guid.TryParse(route, out var requested) || trusted != requested
            || !trust.VerifyAssertion(http.Request.Headers[ServiceTrust.AssertionHeader], trusted, clock.GetUtcNow()))
        {
            return ScimResults.Error(StatusCodes.Status401Unauthorized, "This request was not authenticated for the organization.");
        }

        http.Items[ScimRequestRecorder.OrganizationItem] = trusted;
        return await next(context);
    }
}
