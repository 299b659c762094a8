using Workteam.Directory.Provisioning;

namespace Workteam.Directory.Apis;

public static class TeamsApi
{
    public static void MapTeamsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/organizations/{organizationId:guid}/teams",
                async (Guid organizationId, TeamDirectory teams, CancellationToken cancellationToken) =>
                    Results.Ok(await teams.ListAsync(organizationId, cancellationToken)))
            .RequireAuthorization()
            .AddEndpointFilter<OrganizationAdminFilter>();
    }
}
