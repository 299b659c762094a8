using Microsoft.EntityFrameworkCore;
using Workteam.Contracts;
using Workteam.Directory.Activity;
using Workteam.Directory.Data;
using Workteam.Directory.Provisioning;

namespace Workteam.Directory.Apis;

/// <summary>
/// Endpoints for the other Workteam services only, which call them with the service token (decision 0013); anyone
/// else gets 401. The gateway never forwards <c>/internal</c> paths.
/// </summary>
public static class InternalApi
{
    public const string PathPrefix = "/internal";

    public static void MapInternalApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(PathPrefix).AllowAnonymous().AddEndpointFilter(async (context, next) =>
            context.HttpContext.HasServiceToken()
                ? await next(context)
                : TypedResults.Problem("Only Workteam's services may call this.", statusCode: StatusCodes.Status401Unauthorized));

        api.MapGet("/scim-credentials", async (HttpContext context, ScimCredentialSource source, CancellationToken cancellationToken) =>
        {
            var snapshot = await source.SnapshotAsync(cancellationToken);
            var etag = $"\"{snapshot.Version}\"";
            if (context.Request.Headers.IfNoneMatch == etag)
            {
                return Results.StatusCode(StatusCodes.Status304NotModified);
            }

            context.Response.Headers.ETag = etag;
            return Results.Ok(snapshot);
        });

        api.MapPost("/scim-token-usage", async (ScimTokenUsage usage, ScimCredentialSource source, CancellationToken cancellationToken) =>
        {
            await source.RecordUsageAsync(usage, cancellationToken);
            return Results.NoContent();
        });

        // The SCIM requests the gateway refused, for the provisioning activity; a refusal already recorded is ignored.
        api.MapPost("/scim-refusals", async (List<ScimRefusal>? refusals, GatewayRefusals recorder, CancellationToken cancellationToken) =>
        {
            if (GatewayRefusals.Problem(refusals) is { } problem)
            {
                return Results.Problem(problem, statusCode: StatusCodes.Status400BadRequest);
            }

            await recorder.RecordAsync(refusals!, cancellationToken);
            return Results.NoContent();
        });

        // Where Notifier sends an organization's provisioning failure digests.
        api.MapGet("/organizations/{organizationId:guid}/notification", async (Guid organizationId, DirectoryDbContext db, CancellationToken cancellationToken) =>
        {
            var target = await db.Organizations.AsNoTracking()
                .Where(o => o.Id == organizationId)
                .Select(o => new OrganizationNotificationTarget(o.Name, o.NotificationEmail))
                .SingleOrDefaultAsync(cancellationToken);
            return target is null ? Results.NotFound() : Results.Ok(target);
        });
    }
}
