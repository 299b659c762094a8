using Workteam.Directory.Provisioning;
using Workteam.Directory.Security;

namespace Workteam.Directory.Apis;

public static class ScimSettingsApi
{
    /// <summary><paramref name="InvitationsEnabled"/> left out keeps the current setting.</summary>
    public sealed record UpdateScimSettings(bool Enabled, string? NotificationEmail, bool? InvitationsEnabled);

    public static void MapScimSettingsApi(this IEndpointRouteBuilder app)
    {
        var scim = app.MapGroup("/api/organizations/{organizationId:guid}/scim")
            .RequireAuthorization()
            .AddEndpointFilter<OrganizationAdminFilter>();

        scim.MapGet("", async (Guid organizationId, ScimProvisioningSettings settings, CancellationToken cancellationToken) =>
        {
            var result = await settings.GetAsync(organizationId, cancellationToken);
            return result.Succeeded ? Results.Ok(result.Value) : ApiResults.Problem(result);
        });

        scim.MapPut("", async (Guid organizationId, UpdateScimSettings request, ScimProvisioningSettings settings, CancellationToken cancellationToken) =>
        {
            var result = await settings.UpdateAsync(organizationId, request.Enabled, request.NotificationEmail, request.InvitationsEnabled, cancellationToken);
            return result.Succeeded ? Results.Ok(result.Value) : ApiResults.Problem(result);
        });

        scim.MapPost("/tokens", async (Guid organizationId, HttpContext context, ScimProvisioningSettings settings, CancellationToken cancellationToken) =>
        {
            var admin = CurrentAccount.From(context.User)!;
            var result = await settings.GenerateTokenAsync(organizationId, admin.AccountId, cancellationToken);
            return result.Succeeded
                ? Results.Created($"/api/organizations/{organizationId}/scim/tokens/{result.Value!.TokenId}", result.Value)
                : ApiResults.Problem(result);
        });

        scim.MapDelete("/tokens/{tokenId:guid}", async (Guid organizationId, Guid tokenId, HttpContext context, ScimProvisioningSettings settings, CancellationToken cancellationToken) =>
            await settings.RevokeTokenAsync(organizationId, tokenId, CurrentAccount.From(context.User)!.AccountId, cancellationToken)
                ? Results.NoContent()
                : TypedResults.Problem("No such token in this organization.", statusCode: StatusCodes.Status404NotFound));
    }
}
