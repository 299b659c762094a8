using Workteam.Directory.Activity;

namespace Workteam.Directory.Apis;

/// <summary>
/// What Entra did in the organization and what Workteam made of it, and who changed what (README, "Provisioning
/// activity and audit log").
/// </summary>
public static class ActivityAndAuditApi
{
    public static void MapProvisioningActivityApi(this IEndpointRouteBuilder app)
    {
        var provisioning = app.MapGroup("/api/organizations/{organizationId:guid}/provisioning")
            .RequireAuthorization()
            .AddEndpointFilter<OwnOrganizationAdminFilter>();

        provisioning.MapGet("/status", async (Guid organizationId, ProvisioningStatus status, CancellationToken cancellationToken) =>
            Results.Ok(await status.GetAsync(organizationId, cancellationToken)));

        provisioning.MapGet("/activity", async (
                Guid organizationId, string? limit, string? cursor, string? failed, string? q, string? from, string? to,
                ActivityQueries queries, CancellationToken cancellationToken) =>
            {
                var (page, error) = PageRequest.Parse(limit, cursor, q, from, to);
                if (page is null)
                {
                    return BadRequest(error!);
                }

                if (!TryParseFlag(failed, out var failuresOnly))
                {
                    return BadRequest("failed must be true or false.");
                }

                return Results.Ok(await queries.ListAsync(organizationId, page, failuresOnly, cancellationToken));
            });
    }

    /// <summary>The organization's audit log: admin actions and security events, newest first.</summary>
    public static void MapAuditApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/organizations/{organizationId:guid}/audit", async (
                Guid organizationId, string? limit, string? cursor, string? q, string? from, string? to, AuditQueries queries, CancellationToken cancellationToken) =>
            {
                var (page, error) = PageRequest.Parse(limit, cursor, q, from, to);
                return page is null ? BadRequest(error!) : Results.Ok(await queries.ListAsync(organizationId, page, cancellationToken));
            })
            .RequireAuthorization()
            .AddEndpointFilter<OwnOrganizationAdminFilter>();

    public static IResult BadRequest(string detail) => TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest);

    private static bool TryParseFlag(string? value, out bool flag)
    {
        flag = false;
        return value is null || bool.TryParse(value, out flag);
    }
}
