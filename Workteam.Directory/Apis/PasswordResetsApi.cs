using Workteam.Directory.Accounts;
using Workteam.Directory.Security;

namespace Workteam.Directory.Apis;

public static class PasswordResetsApi
{
    public sealed record RequestPasswordReset(string? Email);

    public sealed record ResetPassword(string? Password);

    public sealed record PasswordResetAccepted(string Detail);

    public sealed record PasswordResetDone(string Email);

    public const string AcceptedMessage =
        "If this email belongs to an account that signs in with a password, a link to choose a new one is on its way.";

    public static void MapPasswordResetsApi(this IEndpointRouteBuilder app)
    {
        // 202 with the same body for every valid email, known or not (see PasswordResetRequests).
        app.MapPost("/api/password-resets", async (HttpRequest request, PasswordResetRequests requests, CancellationToken cancellationToken) =>
        {
            var (body, problem) = await JsonBody.ReadAsync<RequestPasswordReset>(request, """{"email": "…"}""", cancellationToken);
            if (problem is not null)
            {
                return problem;
            }

            if (AccountRules.ValidateEmail(body!.Email) is { } emailError)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["email"] = [emailError] });
            }

            requests.Enqueue(body.Email!.Trim());
            return Results.Accepted(value: new PasswordResetAccepted(AcceptedMessage));
        }).AllowAnonymous().RequireRateLimiting(SignInLimits.PasswordResetPolicy);

        // 200 with the email to sign in with; 404 for an unknown code, 410 for a used or expired one.
        app.MapPost("/api/password-resets/{code}", async (string code, HttpRequest request, PasswordResetService resets, CancellationToken cancellationToken) =>
        {
            var (body, problem) = await JsonBody.ReadAsync<ResetPassword>(request, """{"password": "…"}""", cancellationToken);
            if (problem is not null)
            {
                return problem;
            }

            var result = await resets.CompleteAsync(code, body!.Password, cancellationToken);
            return result.Succeeded ? Results.Ok(new PasswordResetDone(result.Value!.Email)) : ApiResults.Problem(result);
        }).AllowAnonymous();
    }
}
