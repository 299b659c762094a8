using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Workteam.Directory.Accounts;
using Workteam.Directory.Data;
using Workteam.Directory.Provisioning.Guard;
using Workteam.Directory.Security;

namespace Workteam.Directory.Pages.Organization;

/// <summary>The organization's accounts; admins promote, demote, suspend and reactivate them.</summary>
public sealed class MembersModel(AccountAdministration administration, HeldDeprovisionings held) : PageModel
{
    public IReadOnlyList<Account> Accounts { get; private set; } = [];

    public string? Message { get; private set; }

    /// <summary>How many deprovisionings the guard holds: the page says so while there are any.</summary>
    public int HeldCount { get; private set; }

    public int SeatsInUse => Seats.InUse(Accounts);

    public string? Error { get; private set; }

    public CurrentAccount Admin => CurrentAccount.From(User)!;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        Admin.IsAdmin ? await ShowAsync(cancellationToken) : Forbid();

    public async Task<IActionResult> OnPostChangeAsync(Guid accountId, AccountRole? role, AccountStatus? status, CancellationToken cancellationToken)
    {
        if (!Admin.IsAdmin)
        {
            return Forbid();
        }

        var result = await administration.ChangeAsync(Admin.OrganizationId, accountId, new AccountChange(role, status), Admin.AccountId, cancellationToken);
        Message = result.Succeeded ? $"{result.Value!.Label} is now {result.Value.Role}, {result.Value.Status}." : null;
        Error = result.Succeeded ? null : result.Error;
        return await ShowAsync(cancellationToken);
    }

    private async Task<IActionResult> ShowAsync(CancellationToken cancellationToken)
    {
        Accounts = await administration.List(Admin.OrganizationId).ToListAsync(cancellationToken);
        HeldCount = await held.CountPendingAsync(Admin.OrganizationId, cancellationToken);
        return Page();
    }
}
