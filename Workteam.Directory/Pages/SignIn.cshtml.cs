using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Workteam.Directory.Accounts;
using Workteam.Directory.Security;

namespace Workteam.Directory.Pages;

public sealed class SignInModel(SignInService signIn) : PageModel
{
    [BindProperty, Display(Name = "Email")]
    public string? Email { get; set; }

    [BindProperty, DataType(DataType.Password), Display(Name = "Password")]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var result = await signIn.SignInAsync(Email, Password, cancellationToken);
        if (!result.Succeeded)
        {
            ModelState.AddModelError(string.Empty, result.Error!);
            return Page();
        }

        SessionCookie.Append(HttpContext, result.Value!);
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/organization/settings");
    }
}
