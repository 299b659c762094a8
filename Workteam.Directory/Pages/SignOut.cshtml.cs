using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Workteam.Directory.Accounts;
using Workteam.Directory.Security;

namespace Workteam.Directory.Pages;

public sealed class SignOutModel(SignInService signIn) : PageModel
{
    public IActionResult OnGet() => LocalRedirect("/");

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (User.FindFirst(SessionAuthenticationHandler.SessionClaim)?.Value is { } sessionId)
        {
            await signIn.EndSessionAsync(Guid.Parse(sessionId), cancellationToken);
        }

        SessionCookie.Delete(HttpContext);
        return LocalRedirect("/");
    }
}
