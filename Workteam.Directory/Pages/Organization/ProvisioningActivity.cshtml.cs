using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Workteam.Directory.Activity;
using Workteam.Directory.Security;

namespace Workteam.Directory.Pages.Organization;

/// <summary>What Entra did and what Workteam made of it, newest first, 50 a page.</summary>
public sealed class ProvisioningActivityModel(ActivityQueries queries, DashboardLinks dashboard) : PageModel
{
    public const int PageSize = PageRequest.DefaultLimit;

    [BindProperty(SupportsGet = true)]
    public bool Failed { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Cursor { get; set; }

    /// <summary>The cursors of the pages before this one, comma-separated, for "Previous".</summary>
    [BindProperty(SupportsGet = true)]
    public string? Trail { get; set; }

    public LogPage<ActivityItem> Activity { get; private set; } = new([], null);

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var admin = CurrentAccount.From(User)!;
        if (!admin.IsAdmin)
        {
            return Forbid();
        }

        var (page, error) = PageRequest.Parse(PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture), Cursor, Q, From, To);
        Error = error;
        if (page is not null)
        {
            Activity = await queries.ListAsync(admin.OrganizationId, page, Failed, cancellationToken);
        }

        return Page();
    }

    /// <summary>The dashboard's view of the trace, when the dashboard's address is known.</summary>
    public string? TraceUrl(string traceId) => dashboard.TraceUrl(traceId);

    public PageTrail Pages => new(Cursor, Trail);

    public Dictionary<string, string?> Route(string? cursor, string? trail) => new()
    {
        ["failed"] = Failed ? "true" : null,
        ["q"] = Q,
        ["from"] = From,
        ["to"] = To,
        ["cursor"] = cursor,
        ["trail"] = string.IsNullOrEmpty(trail) ? null : trail,
    };

    public static string OutcomeClass(string outcome) => outcome switch
    {
        "Failed" or "Refused" => "warning",
        "Held" or "Pending" => "notice-text",
        _ => "ok",
    };
}
