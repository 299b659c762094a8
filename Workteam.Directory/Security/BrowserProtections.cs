using Microsoft.AspNetCore.HttpOverrides;
using Workteam.Directory.Provisioning;

namespace Workteam.Directory.Security;

/// <summary>
/// What protects the console's users in the browser: the client address behind the gateway, HSTS when Workteam is
/// served over HTTPS, and a custom header on every change made through the API with the session cookie.
/// </summary>
public static class BrowserProtections
{
    /// <summary>
    /// Cookie-authenticated POST, PUT, PATCH and DELETE calls under <c>/api</c> must carry this header. A page of
    /// another site cannot add a custom header to a cross-site request without a CORS preflight, which Directory never
    /// grants, so SameSite is not the only defence against request forgery. Bearer calls do not need it.
    /// </summary>
    public const string RequestHeader = "X-Workteam-Request";

    public static WebApplication UseBrowserProtections(this WebApplication app)
    {
        // The gateway's X-Forwarded-For is believed from loopback (the defaults) or Directory:KnownProxies.
        var forwarded = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor };
        foreach (var proxy in app.Configuration.GetSection("Directory:KnownProxies").Get<string[]>() ?? [])
        {
            forwarded.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
        }

        app.UseForwardedHeaders(forwarded);
        if (app.Configuration[PublicUrls.ConfigurationKey] is { } publicUrl && publicUrl.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            // Behind a TLS-terminating proxy Directory itself sees HTTP, so the header is added whatever the scheme.
            app.Use((context, next) =>
            {
                context.Response.Headers.StrictTransportSecurity = "max-age=31536000";
                return next(context);
            });
        }

        return app;
    }

    /// <summary>Refuses a cookie-authenticated change through the API that lacks <see cref="RequestHeader"/>.</summary>
    public static WebApplication UseCookieForgeryCheck(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            if (request.Path.StartsWithSegments("/api") && !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method)
                && !HttpMethods.IsOptions(request.Method)
                && context.User.HasClaim(SessionAuthenticationHandler.ViaClaim, SessionAuthenticationHandler.ViaCookie)
                && !request.Headers.ContainsKey(RequestHeader))
            {
                await TypedResults.Problem($"Changes through the API with the session cookie need the {RequestHeader} header (or use the session token as a bearer).",
                    statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(context);
                return;
            }

            await next(context);
        });
        return app;
    }
}
