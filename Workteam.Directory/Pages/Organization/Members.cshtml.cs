using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Workteam.Directory.Accounts;
using Workteam.Directory.Data;
using Workteam.Directory.Members;
using Workteam.Directory.Provisioning.Guard;
using Workteam.Directory.Security;

namespace Workteam.Directory.Pages.Organization;

/// <summary>
/// The organization's members, searched and filtered, 50 a page; admins promote, demote, suspend and reactivate them
/// here or on each member's page.
/// </summary>
public sealed class MembersModel(MemberQueries members, AccountAdministration administration, Seats seats, HeldDeprovisionings held) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Role { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Managed { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Team { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Cursor { get; set; }

    /// <summary>The cursors of the pages before this one, for "Previous page".</summary>
    [BindProperty(SupportsGet = true)]
    public string? Trail { get; set; }

    public CountedPage<MemberListItem> Members { get; private set; } = new([], null, 0);

    public string? Message { get; private set; }

    public string? Error { get; private set; }

    /// <summary>How many deprovisionings the guard holds: the page says so while there are any.</summary>
    public int HeldCount { get; private set; }

    public int SeatsInUse { get; private set; }

    public CurrentAccount Admin => CurrentAccount.From(User)!;

    public PageTrail Pages => new(Cursor, Trail);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        Admin.IsAdmin ? await ShowAsync(cancellationToken) : Forbid();

    public async Task<IActionResult> OnPostChangeAsync(Guid accountId, AccountRole? role, AccountStatus? status, CancellationToken cancellationToken)
    {
        if (!Admin.IsAdmin)
        {
            return Forbid();
        }

        var result = await administration.ChangeAsync(Admin.OrganizationId, accountId, new AccountChange(role, status), Admin.AccountId, cancellationToken);
        (Message, Error) = AccountChangeNotice.Of(result);
        return await ShowAsync(cancellationToken);
    }

    public Dictionary<string, string?> Route(string? cursor, string? trail) => new()
    {
        ["q"] = Q,
        ["status"] = Status,
        ["role"] = Role,
        ["managed"] = Managed,
        ["team"] = Team,
        ["cursor"] = cursor,
        ["trail"] = trail,
    };

    private async Task<IActionResult> ShowAsync(CancellationToken cancellationToken)
    {
        var (parameters, error) = ListParameters.Parse(Q, Empty(Status), Empty(Role), Empty(Managed), Empty(Team), null, Cursor);
        Error ??= error;
        if (parameters is not null)
        {
            Members = await members.ListAsync(Admin.OrganizationId, parameters.Filter, parameters.Limit, parameters.After, cancellationToken);
        }

        SeatsInUse = await seats.InUseAsync(Admin.OrganizationId, cancellationToken);
        HeldCount = await held.CountPendingAsync(Admin.OrganizationId, cancellationToken);
        return Page();
    }

    private static string? Empty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
