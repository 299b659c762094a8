using Workteam.Directory.Accounts;

namespace Workteam.Directory.Security;

/// <summary>The console keeps the session token in an HttpOnly cookie; the same token works as an API bearer.</summary>
public static class SessionCookie
{
    public static void Append(HttpContext context, SignedIn signedIn) =>
        context.Response.Cookies.Append(SessionAuthenticationHandler.CookieName, signedIn.SessionToken, new CookieOptions
        {
            HttpOnly = true,
            Secure = context.Request.IsHttps,
            SameSite = SameSiteMode.Lax,
            Expires = signedIn.ExpiresAt,
            Path = "/",
        });

    public static void Delete(HttpContext context) =>
        context.Response.Cookies.Delete(SessionAuthenticationHandler.CookieName, new CookieOptions { Path = "/" });
}
