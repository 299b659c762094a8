using Workteam.Directory.Members;

namespace Workteam.Directory.Apis;

/// <summary>Provisioned teams and their members, a page at a time.</summary>
public static class TeamsApi
{
    public static void MapTeamsApi(this IEndpointRouteBuilder app)
    {
        var teams = app.MapGroup("/api/organizations/{organizationId:guid}/teams")
            .RequireAuthorization()
            .AddEndpointFilter<OwnOrganizationAdminFilter>();

        // → {"items": [{"teamId", "scimGroupId", "displayName", "externalId", "memberCount", "managedByEntra"}], "next", "total"}
        teams.MapGet("", async (Guid organizationId, string? q, string? limit, string? cursor, TeamQueries queries, CancellationToken cancellationToken) =>
        {
            var (parameters, error) = ListParameters.Parse(q, null, null, null, null, limit, cursor);
            return parameters is null
                ? ActivityAndAuditApi.BadRequest(error!)
                : Results.Ok(await queries.ListAsync(organizationId, parameters.Filter.Query, parameters.Limit, parameters.After, cancellationToken));
        });

        teams.MapGet("/{teamId:guid}", async (Guid organizationId, Guid teamId, TeamQueries queries, CancellationToken cancellationToken) =>
            await queries.GetAsync(organizationId, teamId, cancellationToken) is { } team ? Results.Ok(team) : NoSuchTeam());

        // The team's members, with the filters of the accounts list.
        teams.MapGet("/{teamId:guid}/members", async (
            Guid organizationId, Guid teamId, string? q, string? status, string? role, string? limit, string? cursor,
            TeamQueries queries, MemberQueries members, CancellationToken cancellationToken) =>
        {
            var (parameters, error) = ListParameters.Parse(q, status, role, null, teamId.ToString(), limit, cursor);
            if (parameters is null)
            {
                return ActivityAndAuditApi.BadRequest(error!);
            }

            return await queries.GetAsync(organizationId, teamId, cancellationToken) is null
                ? NoSuchTeam()
                : Results.Ok(await members.ListAsync(organizationId, parameters.Filter, parameters.Limit, parameters.After, cancellationToken));
        });
    }

    private static IResult NoSuchTeam() => TypedResults.Problem("No such team in this organization.", statusCode: StatusCodes.Status404NotFound);
}
