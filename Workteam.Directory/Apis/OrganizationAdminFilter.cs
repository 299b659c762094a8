using Workteam.Directory.Security;

namespace Workteam.Directory.Apis;

/// <summary>Lets a request through only when its account is an admin of the organization in the route.</summary>
public sealed class OrganizationAdminFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var account = CurrentAccount.From(context.HttpContext.User);
        var routeValue = context.HttpContext.GetRouteValue("organizationId")?.ToString();
        if (account is null)
        {
            return TypedResults.Unauthorized();
        }

        if (!Guid.TryParse(routeValue, out var organizationId) || !account.AdministersOrganization(organizationId))
        {
            return TypedResults.Problem("Only admins of this organization can do this.", statusCode: StatusCodes.Status403Forbidden);
        }

        return await next(context);
    }
}
