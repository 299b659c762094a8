using Workteam.Directory.Security;

namespace Workteam.Directory.Apis;

/// <summary>
/// For routes that must not even confirm another organization exists: another organization's id is a 404, and a
/// member of this organization who is not an admin gets 403.
/// </summary>
public sealed class OwnOrganizationAdminFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var account = CurrentAccount.From(context.HttpContext.User);
        if (account is null)
        {
            return TypedResults.Unauthorized();
        }

        if (!Guid.TryParse(context.HttpContext.GetRouteValue("organizationId")?.ToString(), out var organizationId) || account.OrganizationId != organizationId)
        {
            return TypedResults.Problem("No such organization.", statusCode: StatusCodes.Status404NotFound);
        }

        return account.IsAdmin
            ? await next(context)
            : TypedResults.Problem("Only admins of this organization can do this.", statusCode: StatusCodes.Status403Forbidden);
    }
}
