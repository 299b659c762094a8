using Workteam.Directory.Invitations;

namespace Workteam.Directory.Apis;

public static class InvitationsApi
{
    public sealed record AcceptInvitation(string? Password);

    public sealed record AcceptedInvitation(string Email);

    public static void MapInvitationsApi(this IEndpointRouteBuilder app)
    {
        // 200 with the email to sign in with; 404 for an unknown code, 410 for a used, expired or withdrawn one.
        app.MapPost("/api/invitations/{code}/accept",
            async (string code, AcceptInvitation request, InvitationService invitations, CancellationToken cancellationToken) =>
            {
                var result = await invitations.AcceptAsync(code, request.Password, cancellationToken);
                return result.Succeeded ? Results.Ok(new AcceptedInvitation(result.Value!.Email)) : ApiResults.Problem(result);
            }).AllowAnonymous();
    }
}
