using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Workteam.Directory.Accounts;
using Workteam.Directory.Security;

namespace Workteam.Directory.Pages;

[EnableRateLimiting(SignInLimits.SignInPolicy)]
public sealed class SignInModel(SignInService signIn) : PageModel
{
    [BindProperty, Display(Name = "Email")]
    public string? Email { get; set; }

    [BindProperty, DataType(DataType.Password), Display(Name = "Password")]
    public string? Password { get; set; }

    /// <summary>The organization chosen when the email and password open accounts in several.</summary>
    [BindProperty]
    public Guid? OrganizationId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>The organizations to choose from, after a sign-in that opened several.</summary>
    public IReadOnlyList<OrganizationChoice> Choices { get; private set; } = [];

    /// <summary>Where "Sign in with Microsoft Entra ID" leads: the organization's own sign-in address once a password sign-in found that its members must use SSO.</summary>
    public string EntraSignInUrl { get; private set; } = "/signin/entra";

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var result = await signIn.SignInAsync(Email, Password, OrganizationId, cancellationToken);
        switch (result.Kind)
        {
            case ResultKind.Ok:
                SessionCookie.Append(HttpContext, result.Session!);
                return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/organization/settings");
            case ResultKind.Conflict:
                Choices = result.Choices;
                return Page();
            default:
                ModelState.AddModelError(string.Empty, result.Error!);
                EntraSignInUrl = result.SsoSignOnUrl ?? EntraSignInUrl;
                return Page();
        }
    }
}
