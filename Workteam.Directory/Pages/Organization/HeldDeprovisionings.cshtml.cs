using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Workteam.Directory.Provisioning.Guard;
using Workteam.Directory.Security;

namespace Workteam.Directory.Pages.Organization;

/// <summary>The deactivations and deletions the mass-deprovisioning guard holds; admins apply or discard them.</summary>
public sealed class HeldDeprovisioningsModel(HeldDeprovisionings service, IOptions<DeprovisioningGuardOptions> options) : PageModel
{
    public IReadOnlyList<HeldDeprovisioningView> Held { get; private set; } = [];

    public string? Message { get; private set; }

    public string? Error { get; private set; }

    public string Limit => $"{options.Value.Share.ToString("P0", CultureInfo.InvariantCulture)} of your active members (and more than {options.Value.MinimumActions})";

    public string Window => options.Value.Window.ToString("c", CultureInfo.InvariantCulture);

    private CurrentAccount Admin => CurrentAccount.From(User)!;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        Admin.IsAdmin ? await ShowAsync(cancellationToken) : Forbid();

    public Task<IActionResult> OnPostApplyAsync(Guid heldId, CancellationToken cancellationToken) =>
        DecideAsync(() => service.ApplyAsync(Admin.OrganizationId, heldId, Admin.AccountId, cancellationToken),
            held => $"Applied: {held.Member} no longer has access.", cancellationToken);

    public Task<IActionResult> OnPostDiscardAsync(Guid heldId, CancellationToken cancellationToken) =>
        DecideAsync(() => service.DiscardAsync(Admin.OrganizationId, heldId, Admin.AccountId, cancellationToken),
            held => $"Discarded: {held.Member} keeps access.", cancellationToken);

    public Task<IActionResult> OnPostApplyAllAsync(CancellationToken cancellationToken) => DecideAllAsync(apply: true, cancellationToken);

    public Task<IActionResult> OnPostDiscardAllAsync(CancellationToken cancellationToken) => DecideAllAsync(apply: false, cancellationToken);

    private async Task<IActionResult> DecideAsync(
        Func<Task<Accounts.Result<HeldDeprovisioningView>>> decide, Func<HeldDeprovisioningView, string> message, CancellationToken cancellationToken)
    {
        if (!Admin.IsAdmin)
        {
            return Forbid();
        }

        var result = await decide();
        Message = result.Succeeded ? message(result.Value!) : null;
        Error = result.Succeeded ? null : result.Error;
        return await ShowAsync(cancellationToken);
    }

    private async Task<IActionResult> DecideAllAsync(bool apply, CancellationToken cancellationToken)
    {
        if (!Admin.IsAdmin)
        {
            return Forbid();
        }

        var decided = await service.DecideAllAsync(Admin.OrganizationId, Admin.AccountId, apply, cancellationToken);
        Message = $"{(apply ? "Applied" : "Discarded")} {decided} held {(decided == 1 ? "action" : "actions")}.";
        return await ShowAsync(cancellationToken);
    }

    private async Task<IActionResult> ShowAsync(CancellationToken cancellationToken)
    {
        Held = await service.ListAsync(Admin.OrganizationId, pendingOnly: true, cancellationToken);
        return Page();
    }
}
