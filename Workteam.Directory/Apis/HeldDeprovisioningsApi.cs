using Workteam.Directory.Provisioning.Guard;
using Workteam.Directory.Security;

namespace Workteam.Directory.Apis;

/// <summary>The deactivations and deletions the mass-deprovisioning guard holds, for the organization's admins.</summary>
public static class HeldDeprovisioningsApi
{
    public sealed record HeldDeprovisioningResponse(
        Guid HeldId, Guid ScimUserId, Guid AccountId, string Member, string Kind, long Version, DateTimeOffset HeldAt,
        string Status, Guid? DecidedBy, DateTimeOffset? DecidedAt)
    {
        public static HeldDeprovisioningResponse From(HeldDeprovisioningView view) =>
            new(view.HeldId, view.ScimUserId, view.AccountId, view.Member, view.Kind.ToString(), view.Version, view.HeldAt,
                view.Status.ToString(), view.DecidedBy, view.DecidedAt);
    }

    public sealed record DecidedResponse(int Decided);

    public static void MapHeldDeprovisioningsApi(this IEndpointRouteBuilder app)
    {
        var held = app.MapGroup("/api/organizations/{organizationId:guid}/held-deprovisionings")
            .RequireAuthorization()
            .AddEndpointFilter<OrganizationAdminFilter>();

        // ?all=true lists decided and superseded actions too.
        held.MapGet("", async (Guid organizationId, bool? all, HeldDeprovisionings service, CancellationToken cancellationToken) =>
            Results.Ok((await service.ListAsync(organizationId, pendingOnly: all != true, cancellationToken)).Select(HeldDeprovisioningResponse.From)));

        held.MapPost("/{heldId:guid}/apply", (Guid organizationId, Guid heldId, HttpContext context, HeldDeprovisionings service, CancellationToken cancellationToken) =>
            DecideAsync(service.ApplyAsync(organizationId, heldId, CurrentAccount.From(context.User)!.AccountId, cancellationToken)));

        held.MapPost("/{heldId:guid}/discard", (Guid organizationId, Guid heldId, HttpContext context, HeldDeprovisionings service, CancellationToken cancellationToken) =>
            DecideAsync(service.DiscardAsync(organizationId, heldId, CurrentAccount.From(context.User)!.AccountId, cancellationToken)));

        held.MapPost("/apply-all", async (Guid organizationId, HttpContext context, HeldDeprovisionings service, CancellationToken cancellationToken) =>
            Results.Ok(new DecidedResponse(await service.DecideAllAsync(organizationId, CurrentAccount.From(context.User)!.AccountId, apply: true, cancellationToken))));

        held.MapPost("/discard-all", async (Guid organizationId, HttpContext context, HeldDeprovisionings service, CancellationToken cancellationToken) =>
            Results.Ok(new DecidedResponse(await service.DecideAllAsync(organizationId, CurrentAccount.From(context.User)!.AccountId, apply: false, cancellationToken))));
    }

    private static async Task<IResult> DecideAsync(Task<Accounts.Result<HeldDeprovisioningView>> decision)
    {
        var result = await decision;
        return result.Succeeded ? Results.Ok(HeldDeprovisioningResponse.From(result.Value!)) : ApiResults.Problem(result);
    }
}
