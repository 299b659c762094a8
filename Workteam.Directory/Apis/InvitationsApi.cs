using MassTransit;
using Workteam.Directory.Invitations;
using Workteam.Directory.Security;

namespace Workteam.Directory.Apis;

public static class InvitationsApi
{
    public sealed record AcceptInvitation(string? Code, string? Password);

    public sealed record AcceptedInvitation(string Email);

    public sealed record ResentInvitation(string Email, DateTimeOffset ExpiresAt);

    public static void MapInvitationsApi(this IEndpointRouteBuilder app)
    {
        // 200 with the email to sign in with; 404 for an unknown code, 410 for a used, expired or withdrawn one. The code
        // is in the body, never in the path, so that it reaches no request log or trace.
        app.MapPost("/api/invitations/accept",
            async (AcceptInvitation request, InvitationService invitations, CancellationToken cancellationToken) =>
            {
                var result = await invitations.AcceptAsync(request.Code, request.Password, cancellationToken);
                return result.Succeeded ? Results.Ok(new AcceptedInvitation(result.Value!.Email)) : ApiResults.Problem(result);
            }).AllowAnonymous();

        // 202 once the new invitation is queued for mailing; 409 when the member has a password already (or cannot be
        // invited). Another organization's id is a 404, a member gets 403.
        app.MapPost("/api/organizations/{organizationId:guid}/accounts/{accountId:guid}/invitation", async (
                Guid organizationId, Guid accountId, HttpContext context, InvitationService invitations, IPublishEndpoint publish,
                CancellationToken cancellationToken) =>
            {
                var admin = CurrentAccount.From(context.User)!;
                var result = await invitations.ResendAsync(organizationId, accountId, admin.AccountId, publish, cancellationToken);
                return result.Succeeded
                    ? Results.Accepted(value: new ResentInvitation(result.Value!.Email, result.Value.ExpiresAt))
                    : ApiResults.Problem(result);
            })
            .RequireAuthorization()
            .AddEndpointFilter<OwnOrganizationAdminFilter>();
    }
}
