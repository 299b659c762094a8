using Workteam.Directory.Accounts;

namespace Workteam.Directory.Security;

/// <summary>
/// The console keeps the session token in an HttpOnly cookie; the same token works as an API bearer. The cookie is
/// always Secure and named with the <c>__Host-</c> prefix (Path=/, no Domain), so no subdomain and no plain-HTTP page
/// can set or overwrite it; browsers accept it on http://localhost for development.
/// </summary>
public static class SessionCookie
{
    public const string Name = "__Host-workteam_session";

    public static void Append(HttpContext context, SignedIn signedIn) =>
        context.Response.Cookies.Append(Name, signedIn.SessionToken, new CookieOptions
        {
            HttpOnly = true,
            Secure = true,
            SameSite = SameSiteMode.Lax,
            Expires = signedIn.ExpiresAt,
            Path = "/",
        });

    public static void Delete(HttpContext context) =>
        context.Response.Cookies.Delete(Name, new CookieOptions { Path = "/", Secure = true });
}
