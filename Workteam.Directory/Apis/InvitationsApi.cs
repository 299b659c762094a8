using Workteam.Directory.Invitations;

namespace Workteam.Directory.Apis;

public static class InvitationsApi
{
    public sealed record AcceptInvitation(string? Code, string? Password);

    public sealed record AcceptedInvitation(string Email);

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
    }
}
