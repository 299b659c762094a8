using Workteam.Directory.Accounts;
using Workteam.Directory.Security;

namespace Workteam.Directory.Apis;

public static class SessionsApi
{
    public sealed record SignInRequest(string? Email, string? Password, Guid? OrganizationId);

    public sealed record SessionResponse(string AccessToken, DateTimeOffset ExpiresAt);

    public sealed record MeResponse(Guid AccountId, Guid OrganizationId, string Email, string Role);

    public static void MapSessionsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/sessions", async (SignInRequest request, SignInService signIn, CancellationToken cancellationToken) =>
        {
            var result = await signIn.SignInAsync(request.Email, request.Password, request.OrganizationId, cancellationToken);
            return result.Kind switch
            {
                ResultKind.Ok => Results.Ok(new SessionResponse(result.Session!.SessionToken, result.Session.ExpiresAt)),
                ResultKind.Conflict => TypedResults.Problem(result.Error, statusCode: StatusCodes.Status409Conflict,
                    extensions: new Dictionary<string, object?> { ["organizations"] = result.Choices }),
                ResultKind.Forbidden when result.SsoSignOnUrl is not null => TypedResults.Problem(result.Error, statusCode: StatusCodes.Status403Forbidden,
                    extensions: new Dictionary<string, object?> { ["signOnUrl"] = result.SsoSignOnUrl }),
                ResultKind.Forbidden => TypedResults.Problem(result.Error, statusCode: StatusCodes.Status429TooManyRequests),
                _ => TypedResults.Problem(result.Error, statusCode: StatusCodes.Status401Unauthorized),
            };
        }).AllowAnonymous().RequireRateLimiting(SignInLimits.SignInPolicy);

        app.MapDelete("/api/sessions/current", async (HttpContext context, SignInService signIn, CancellationToken cancellationToken) =>
        {
            var sessionId = Guid.Parse(context.User.FindFirst(SessionAuthenticationHandler.SessionClaim)!.Value);
            await signIn.EndSessionAsync(sessionId, cancellationToken);
            return Results.NoContent();
        }).RequireAuthorization();

        app.MapGet("/api/me", (HttpContext context) =>
        {
            var account = CurrentAccount.From(context.User)!;
            return Results.Ok(new MeResponse(account.AccountId, account.OrganizationId, account.Email, account.IsAdmin ? "Admin" : "Member"));
        }).RequireAuthorization();
    }
}
