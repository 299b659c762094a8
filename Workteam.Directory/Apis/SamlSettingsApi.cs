using Workteam.Directory.Accounts;
using Workteam.Directory.Saml;
using Workteam.Directory.Security;

namespace Workteam.Directory.Apis;

public static class SamlSettingsApi
{
    public static void MapSamlSettingsApi(this IEndpointRouteBuilder app)
    {
        var saml = app.MapGroup("/api/organizations/{organizationId:guid}/sso/saml")
            .RequireAuthorization()
            .AddEndpointFilter<OrganizationAdminFilter>();

        saml.MapGet("", async (Guid organizationId, SamlSettingsStore settings, CancellationToken cancellationToken) =>
            Answer(await settings.GetAsync(organizationId, cancellationToken)));

        saml.MapPut("", async (Guid organizationId, SamlSettingsUpdate request, HttpContext context, SamlSettingsStore settings, CancellationToken cancellationToken) =>
            Answer(await settings.UpdateAsync(organizationId, request, CurrentAccount.From(context.User)!.AccountId, cancellationToken)));
    }

    /// <summary>A refused change names the field and says what is wrong with it, also as the problem's detail.</summary>
    private static IResult Answer(Result<SamlSettingsView> result) =>
        result.Succeeded ? Results.Ok(result.Value)
        : result.Kind == ResultKind.Invalid ? TypedResults.ValidationProblem(
            new Dictionary<string, string[]> { [result.Field!] = [result.Error!] }, detail: result.Error)
        : ApiResults.Problem(result);
}
