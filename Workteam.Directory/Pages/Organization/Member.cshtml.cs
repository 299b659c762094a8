using MassTransit;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Workteam.Directory.Accounts;
using Workteam.Directory.Data;
using Workteam.Directory.Invitations;
using Workteam.Directory.Members;
using Workteam.Directory.Security;

namespace Workteam.Directory.Pages.Organization;

/// <summary>One member: what Entra sent, role and status, teams, sessions, invitation, provisioning activity.</summary>
public sealed class MemberModel(MemberDetails details, AccountAdministration administration, InvitationService invitations) : PageModel
{
    public MemberDetail Member { get; private set; } = null!;

    public string? Message { get; private set; }

    public string? Error { get; private set; }

    public CurrentAccount Admin => CurrentAccount.From(User)!;

    public Task<IActionResult> OnGetAsync(Guid accountId, CancellationToken cancellationToken) => ShowAsync(accountId, cancellationToken);

    public async Task<IActionResult> OnPostChangeAsync(Guid accountId, AccountRole? role, AccountStatus? status, CancellationToken cancellationToken)
    {
        if (!Admin.IsAdmin)
        {
            return Forbid();
        }

        var result = await administration.ChangeAsync(Admin.OrganizationId, accountId, new AccountChange(role, status), Admin.AccountId, cancellationToken);
        (Message, Error) = AccountChangeNotice.Of(result);
        return await ShowAsync(accountId, cancellationToken);
    }

    public async Task<IActionResult> OnPostResendInvitationAsync(Guid accountId, [FromServices] IPublishEndpoint publish, CancellationToken cancellationToken)
    {
        if (!Admin.IsAdmin)
        {
            return Forbid();
        }

        var result = await invitations.ResendAsync(Admin.OrganizationId, accountId, Admin.AccountId, publish, cancellationToken);
        (Message, Error) = result.Succeeded
            ? ((string?)$"A new invitation is on its way to {result.Value!.Email}; the earlier link no longer works.", (string?)null)
            : (null, result.Error);
        return await ShowAsync(accountId, cancellationToken);
    }

    private async Task<IActionResult> ShowAsync(Guid accountId, CancellationToken cancellationToken)
    {
        if (!Admin.IsAdmin)
        {
            return Forbid();
        }

        if (await details.GetAsync(Admin.OrganizationId, accountId, cancellationToken) is not { } member)
        {
            return NotFound();
        }

        Member = member;
        return Page();
    }
}
