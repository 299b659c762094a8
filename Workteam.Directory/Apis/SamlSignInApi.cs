using System.Net;
using Workteam.Directory.Provisioning;
using Workteam.Directory.Saml;
using Workteam.Directory.Security;

namespace Workteam.Directory.Apis;

/// <summary>
/// The service provider's endpoints Entra and browsers call, anonymous: the SP metadata, the start of an SP-initiated
/// sign-in (HTTP-Redirect binding) and the Assertion Consumer Service (HTTP-POST binding).
/// </summary>
public static class SamlSignInApi
{
    public const string MetadataContentType = "application/samlmetadata+xml";

    public static void MapSamlSignInApi(this IEndpointRouteBuilder app)
    {
        var saml = app.MapGroup("/saml/{organizationId:guid}").AllowAnonymous();

        saml.MapGet("/metadata", async (Guid organizationId, SamlSettingsStore settings, PublicUrls urls, CancellationToken cancellationToken) =>
            (await settings.GetAsync(organizationId, cancellationToken)).Succeeded
                ? Results.Text(ServiceProviderMetadata.Write(urls.SamlServiceProvider(organizationId)), MetadataContentType)
                : Results.NotFound());

        saml.MapGet("/signin", async (Guid organizationId, string? returnUrl, SamlSignIn signIn, CancellationToken cancellationToken) =>
            await signIn.StartAsync(organizationId, returnUrl, cancellationToken) is { } redirect
                ? Results.Redirect(redirect.ToString())
                : Page(StatusCodes.Status404NotFound, "Single sign-on is not available", "This organization has not enabled single sign-on with Microsoft Entra ID."));

        // The identity provider's page posts this form cross-site: there is no antiforgery token to check, the signed
        // response is the proof.
        saml.MapPost("/acs", async (Guid organizationId, HttpContext context, SamlSignIn signIn, CancellationToken cancellationToken) =>
        {
            if (!context.Request.HasFormContentType)
            {
                return Page(StatusCodes.Status400BadRequest, "Sign-in refused", "The sign-in response must be posted as a form (SAML HTTP-POST binding).");
            }

            var form = await context.Request.ReadFormAsync(cancellationToken);
            var outcome = await signIn.AcceptAsync(organizationId, form["SAMLResponse"].ToString(), form["RelayState"].ToString(), cancellationToken);
            if (outcome is null)
            {
                return Page(StatusCodes.Status404NotFound, "Sign-in refused", "No such organization.");
            }

            if (outcome.Session is null)
            {
                return Page(outcome.StatusCode, "Sign-in refused", outcome.Refusal!.Reason);
            }

            // SameSite=Lax: the browser keeps this cookie although the post came from another site, and sends it with
            // the top-level GET this redirect causes.
            SessionCookie.Append(context, outcome.Session);
            context.Response.Headers.Location = outcome.RedirectPath;
            return Results.StatusCode(StatusCodes.Status303SeeOther);
        }).DisableAntiforgery();
    }

    /// <summary>A small page that tells the person what happened and leads back to the sign-in page.</summary>
    private static IResult Page(int statusCode, string title, string message) =>
        Results.Content(
            $"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>{WebUtility.HtmlEncode(title)} – Workteam</title></head>
            <body><main><h1>{WebUtility.HtmlEncode(title)}</h1><p id="reason">{WebUtility.HtmlEncode(message)}</p>
            <p><a href="/signin">Back to sign-in</a></p></main></body></html>
            """,
            "text/html; charset=utf-8", statusCode: statusCode);
}
