using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Workteam.Directory.Members;
using Workteam.Directory.Security;

namespace Workteam.Directory.Pages.Organization;

/// <summary>One team and its members, searched, 50 a page.</summary>
public sealed class TeamModel(TeamQueries teams, MemberQueries members) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Cursor { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Trail { get; set; }

    public TeamListItem Team { get; private set; } = null!;

    public CountedPage<MemberListItem> Members { get; private set; } = new([], null, 0);

    public string? Error { get; private set; }

    public PageTrail Pages => new(Cursor, Trail);

    public async Task<IActionResult> OnGetAsync(Guid teamId, CancellationToken cancellationToken)
    {
        var admin = CurrentAccount.From(User)!;
        if (!admin.IsAdmin)
        {
            return Forbid();
        }

        if (await teams.GetAsync(admin.OrganizationId, teamId, cancellationToken) is not { } team)
        {
            return NotFound();
        }

        Team = team;
        var (parameters, error) = ListParameters.Parse(Q, null, null, null, teamId.ToString(), null, Cursor);
        Error = error;
        if (parameters is not null)
        {
            Members = await members.ListAsync(admin.OrganizationId, parameters.Filter, parameters.Limit, parameters.After, cancellationToken);
        }

        return Page();
    }

    public Dictionary<string, string?> Route(string? cursor, string? trail) => new() { ["q"] = Q, ["cursor"] = cursor, ["trail"] = trail };
}
