using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Workteam.Directory.Accounts;
using Workteam.Directory.Security;

namespace Workteam.Directory.Pages;

[EnableRateLimiting(SignInLimits.SignUpPolicy)]
public sealed class SignUpModel(OrganizationSignUp signUp, SignInService signIn) : PageModel
{
    [BindProperty, Display(Name = "Organization name")]
    public string? Name { get; set; }

    [BindProperty, Display(Name = "Your email")]
    public string? Email { get; set; }

    [BindProperty, DataType(DataType.Password), Display(Name = "Password")]
    public string? Password { get; set; }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var result = await signUp.SignUpAsync(new SignUpRequest(Name, Email, Password), cancellationToken);
        if (!result.Succeeded)
        {
            ModelState.AddModelError(result.Field switch { "name" => nameof(Name), "adminPassword" => nameof(Password), _ => nameof(Email) }, result.Error!);
            return Page();
        }

        var session = await signIn.SignInAsync(Email, Password, result.Value!.Id, cancellationToken);
        if (session.Kind != ResultKind.Ok)
        {
            return LocalRedirect("/signin?returnUrl=%2Forganization%2Fsettings");
        }

        SessionCookie.Append(HttpContext, session.Session!);
        return LocalRedirect("/organization/settings");
    }
}
