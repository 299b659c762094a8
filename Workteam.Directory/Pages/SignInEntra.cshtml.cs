using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Workteam.Directory.Accounts;
using Workteam.Directory.Saml;
using Workteam.Directory.Security;

namespace Workteam.Directory.Pages;

/// <summary>
/// "Sign in with Microsoft Entra ID": finds the organization from the domain of the address typed, then hands over to
/// its SP-initiated sign-in (<c>/saml/{organizationId}/signin</c>).
/// </summary>
[EnableRateLimiting(SignInLimits.SignInPolicy)]
public sealed class SignInEntraModel(SsoOrganizations organizations) : PageModel
{
    [BindProperty, Display(Name = "Work email")]
    public string? Email { get; set; }

    /// <summary>The organization chosen when several use single sign-on for the same domain.</summary>
    [BindProperty]
    public Guid? OrganizationId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public IReadOnlyList<OrganizationChoice> Choices { get; private set; } = [];

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (SsoOrganizations.DomainOf(Email) is not { } domain)
        {
            ModelState.AddModelError(nameof(Email), "Enter your work email, e.g. name@contoso.com.");
            return Page();
        }

        var found = await organizations.ForDomainAsync(domain, cancellationToken);
        var chosen = found.Count == 1 ? found[0] : found.FirstOrDefault(o => o.OrganizationId == OrganizationId);
        if (chosen is not null)
        {
            var returnUrl = Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : null;
            return Redirect($"/saml/{chosen.OrganizationId}/signin" + (returnUrl is null ? "" : "?returnUrl=" + Uri.EscapeDataString(returnUrl)));
        }

        if (found.Count == 0)
        {
            ModelState.AddModelError(nameof(Email), $"No Workteam organization signs in with Microsoft Entra ID for {domain}. Sign in with your password, or ask your Workteam admin to turn on single sign-on.");
        }

        Choices = found;
        return Page();
    }
}
