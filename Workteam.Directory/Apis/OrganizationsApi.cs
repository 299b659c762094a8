using Workteam.Directory.Accounts;

namespace Workteam.Directory.Apis;

public static class OrganizationsApi
{
    public sealed record CreatedOrganization(Guid OrganizationId);

    public static void MapOrganizationsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/organizations", async (SignUpRequest request, OrganizationSignUp signUp, CancellationToken cancellationToken) =>
        {
            var result = await signUp.SignUpAsync(request, cancellationToken);
            return result.Succeeded
                ? Results.Created($"/api/organizations/{result.Value!.Id}", new CreatedOrganization(result.Value.Id))
                : ApiResults.Problem(result);
        }).AllowAnonymous().RequireRateLimiting(Security.SignInLimits.SignUpPolicy);
    }
}
