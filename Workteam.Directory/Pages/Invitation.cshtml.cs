using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Workteam.Directory.Accounts;
using Workteam.Directory.Invitations;

namespace Workteam.Directory.Pages;

/// <summary>
/// Where an invited member sets a password. The mailed link carries the code in its fragment
/// (<c>/invitations#wtinv_…</c>): the page's script posts it, so the code never travels in a URL. Links with the code
/// in the path (mailed before) still open. An unknown code answers 404; a used or expired one 410.
/// </summary>
public sealed class InvitationModel(InvitationService invitations) : PageModel
{
    [BindProperty]
    public string? Code { get; set; }

    [BindProperty, DataType(DataType.Password), Display(Name = "Password")]
    public string? Password { get; set; }

    [BindProperty, DataType(DataType.Password), Display(Name = "Confirm password")]
    public string? ConfirmPassword { get; set; }

    public InvitationView? Invitation { get; private set; }

    public string? Problem { get; private set; }

    public bool Accepted { get; private set; }

    /// <summary>No code yet: the page's script reads it from the fragment and posts it to <see cref="OnPostOpenAsync"/>.</summary>
    public bool Opening => Code is null && Invitation is null && Problem is null;

    public async Task<IActionResult> OnGetAsync(string? code, CancellationToken cancellationToken)
    {
        Code = code;
        return code is null ? Page() : Show(await invitations.FindAsync(code, cancellationToken));
    }

    public async Task<IActionResult> OnPostOpenAsync(CancellationToken cancellationToken) =>
        Show(await invitations.FindAsync(Code, cancellationToken));

    public async Task<IActionResult> OnPostAsync(string? code, CancellationToken cancellationToken)
    {
        Code ??= code;
        if (Password != ConfirmPassword)
        {
            ModelState.AddModelError(nameof(ConfirmPassword), "The two passwords are not the same.");
            return Show(await invitations.FindAsync(Code, cancellationToken));
        }

        var result = await invitations.AcceptAsync(Code, Password, cancellationToken);
        if (result.Kind == ResultKind.Invalid)
        {
            ModelState.AddModelError(nameof(Password), result.Error!);
            return Show(await invitations.FindAsync(Code, cancellationToken));
        }

        Accepted = result.Succeeded;
        return Show(result);
    }

    private PageResult Show(Result<InvitationView> result)
    {
        Invitation = result.Value;
        Problem = result.Error;
        if (result.Kind is ResultKind.NotFound or ResultKind.Gone)
        {
            Response.StatusCode = result.Kind == ResultKind.NotFound ? StatusCodes.Status404NotFound : StatusCodes.Status410Gone;
        }

        return Page();
    }
}
