using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Workteam.Directory.Members;
using Workteam.Directory.Security;

namespace Workteam.Directory.Pages.Organization;

/// <summary>The organization's teams, searched by name, 50 a page, with their member counts.</summary>
public sealed class TeamsModel(TeamQueries teams) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Cursor { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Trail { get; set; }

    public CountedPage<TeamListItem> Teams { get; private set; } = new([], null, 0);

    public string? Error { get; private set; }

    public PageTrail Pages => new(Cursor, Trail);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var admin = CurrentAccount.From(User)!;
        if (!admin.IsAdmin)
        {
            return Forbid();
        }

        var (parameters, error) = ListParameters.Parse(Q, null, null, null, null, null, Cursor);
        Error = error;
        if (parameters is not null)
        {
            Teams = await teams.ListAsync(admin.OrganizationId, parameters.Filter.Query, parameters.Limit, parameters.After, cancellationToken);
        }

        return Page();
    }

    public Dictionary<string, string?> Route(string? cursor, string? trail) => new() { ["q"] = Q, ["cursor"] = cursor, ["trail"] = trail };
}
