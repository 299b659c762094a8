using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Workteam.Contracts;
using Workteam.Directory.Data;

namespace Workteam.Directory.Security;

/// <summary>
/// Authenticates a session token sent as <c>Authorization: Bearer</c> (API) or in the console cookie.
/// The session and its account are checked on every request, so a revoked session, a suspended account or
/// a deprovisioned member loses access at once.
/// </summary>
public sealed class SessionAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    DirectoryDbContext db,
    TimeProvider clock) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "WorkteamSession";
    public const string OrganizationClaim = "workteam:organization";
    public const string SessionClaim = "workteam:session";

    /// <summary>How the session token came: <see cref="ViaCookie"/> or <see cref="ViaBearer"/>.</summary>
    public const string ViaClaim = "workteam:via";
    public const string ViaCookie = "cookie";
    public const string ViaBearer = "bearer";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Request.Path.StartsWithSegments(Apis.InternalApi.PathPrefix))
        {
            // The service token of the internal routes is no session.
            return AuthenticateResult.NoResult();
        }

        var bearer = BearerToken();
        var token = bearer ?? Request.Cookies[SessionCookie.Name];
        if (string.IsNullOrEmpty(token))
        {
            return AuthenticateResult.NoResult();
        }

        var hash = SecretHash.Compute(token);
        var now = clock.GetUtcNow();
        var found = await (
            from session in db.Sessions.AsNoTracking()
            join account in db.Accounts.AsNoTracking() on session.AccountId equals account.Id
            where session.TokenHash == hash && session.RevokedAt == null && session.ExpiresAt > now
                && account.Status == AccountStatus.Active
            select new { session.Id, Account = account }).SingleOrDefaultAsync(Context.RequestAborted);
        if (found is null)
        {
            return AuthenticateResult.Fail("The session is not valid.");
        }

        Claim[] claims =
        [
            new(ClaimTypes.NameIdentifier, found.Account.Id.ToString()),
            new(ClaimTypes.Email, found.Account.Email ?? string.Empty),
            new(ClaimTypes.Role, found.Account.Role.ToString()),
            new(OrganizationClaim, found.Account.OrganizationId.ToString()),
            new(SessionClaim, found.Id.ToString()),
            new(ViaClaim, bearer is null ? ViaCookie : ViaBearer),
        ];
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (IsApiRequest)
        {
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            Response.Headers.WWWAuthenticate = "Bearer";
            return Task.CompletedTask;
        }

        Response.Redirect($"/signin?returnUrl={Uri.EscapeDataString(Request.Path + Request.QueryString)}");
        return Task.CompletedTask;
    }

    private bool IsApiRequest => Request.Path.StartsWithSegments("/api");

    private string? BearerToken()
    {
        var header = Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }
}
