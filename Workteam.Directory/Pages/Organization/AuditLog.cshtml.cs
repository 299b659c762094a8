using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Workteam.Directory.Activity;
using Workteam.Directory.Security;

namespace Workteam.Directory.Pages.Organization;

/// <summary>Every admin action and security event of the organization, newest first, 50 a page.</summary>
public sealed class AuditLogModel(AuditQueries queries) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Cursor { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Trail { get; set; }

    public LogPage<AuditItem> Entries { get; private set; } = new([], null);

    public string? Error { get; private set; }

    public PageTrail Pages => new(Cursor, Trail);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var admin = CurrentAccount.From(User)!;
        if (!admin.IsAdmin)
        {
            return Forbid();
        }

        var (page, error) = PageRequest.Parse(null, Cursor, Q, From, To);
        Error = error;
        if (page is not null)
        {
            Entries = await queries.ListAsync(admin.OrganizationId, page, cancellationToken);
        }

        return Page();
    }

    public Dictionary<string, string?> Route(string? cursor, string? trail) => new()
    {
        ["q"] = Q,
        ["from"] = From,
        ["to"] = To,
        ["cursor"] = cursor,
        ["trail"] = trail,
    };
}
