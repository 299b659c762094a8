using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Workteam.Directory.Accounts;
using Workteam.Directory.Apis;
using Workteam.Directory.Security;

namespace Workteam.Directory.Pages;

/// <summary>
/// Where a member asks for a password-reset link, and where the link leads to choose the new password. The mailed
/// link carries the code in its fragment (<c>/password-reset#wtpwr_…</c>), which the page's script posts, as on the
/// invitation page; a link with the code in the path opens too. An unknown code answers 404; a used or expired one 410.
/// </summary>
[EnableRateLimiting(SignInLimits.PasswordResetPolicy)]
public sealed class PasswordResetModel(PasswordResetService resets, PasswordResetRequests requests) : PageModel
{
    [BindProperty, Display(Name = "Email")]
    public string? Email { get; set; }

    [BindProperty]
    public string? Code { get; set; }

    [BindProperty, DataType(DataType.Password), Display(Name = "New password")]
    public string? Password { get; set; }

    [BindProperty, DataType(DataType.Password), Display(Name = "Confirm new password")]
    public string? ConfirmPassword { get; set; }

    public PasswordResetView? Reset { get; private set; }

    public string? Problem { get; private set; }

    public bool Requested { get; private set; }

    public bool Done { get; private set; }

    /// <summary>No code: the page asks for the email (and its script posts a code from the fragment, if any).</summary>
    public bool Asking => Code is null && Reset is null && Problem is null && !Requested;

    public async Task<IActionResult> OnGetAsync(string? code, CancellationToken cancellationToken)
    {
        Code = code;
        return code is null ? Page() : Show(await resets.FindAsync(code, cancellationToken));
    }

    /// <summary>Says the same whatever the email, as the API does (see <see cref="PasswordResetRequests"/>).</summary>
    public IActionResult OnPostRequest()
    {
        if (AccountRules.ValidateEmail(Email) is { } emailError)
        {
            ModelState.AddModelError(nameof(Email), emailError);
            return Page();
        }

        requests.Enqueue(Email!.Trim());
        Requested = true;
        return Page();
    }

    public async Task<IActionResult> OnPostOpenAsync(CancellationToken cancellationToken) =>
        Show(await resets.FindAsync(Code, cancellationToken));

    public async Task<IActionResult> OnPostAsync(string? code, CancellationToken cancellationToken)
    {
        Code ??= code;
        if (Password != ConfirmPassword)
        {
            ModelState.AddModelError(nameof(ConfirmPassword), "The two passwords are not the same.");
            return Show(await resets.FindAsync(Code, cancellationToken));
        }

        var result = await resets.CompleteAsync(Code, Password, cancellationToken);
        if (result.Kind == ResultKind.Invalid)
        {
            ModelState.AddModelError(nameof(Password), result.Error!);
            return Show(await resets.FindAsync(Code, cancellationToken));
        }

        Done = result.Succeeded;
        return Show(result);
    }

    public static string AcceptedMessage => PasswordResetsApi.AcceptedMessage;

    private PageResult Show(Result<PasswordResetView> result)
    {
        Reset = result.Value;
        Problem = result.Error;
        if (result.Kind is ResultKind.NotFound or ResultKind.Gone)
        {
            Response.StatusCode = result.Kind == ResultKind.NotFound ? StatusCodes.Status404NotFound : StatusCodes.Status410Gone;
        }

        return Page();
    }
}
