using Microsoft.EntityFrameworkCore;
using Workteam.Directory.Data;

namespace Workteam.Directory.Activity;

/// <summary>A provisioning activity row as the API and the console show it, with the member or team it links to.</summary>
public sealed record ActivityItem(
    Guid Id, DateTimeOffset At, string Operation, string? ResourceType, Guid? ScimId, string? ExternalId, string? Subject, int Status,
    string? Detail, string Outcome, string? OutcomeDetail, string? TraceId, string Source, Guid? AccountId, Guid? TeamId);

/// <summary>An organization's provisioning activity, newest first, a page at a time: every filter is an index range.</summary>
public sealed class ActivityQueries(DirectoryDbContext db)
{
    private static readonly ActivityOutcome[] FailureOutcomes = [ActivityOutcome.Failed, ActivityOutcome.Refused];

    /// <summary><paramref name="page"/>'s <c>q</c> is a SCIM id, or the start of the userName or group name (any case).</summary>
    public async Task<LogPage<ActivityItem>> ListAsync(Guid organizationId, PageRequest page, bool failuresOnly, CancellationToken cancellationToken)
    {
        var found = await Query(organizationId, page, failuresOnly).ToListAsync(cancellationToken);
        var items = found.Take(page.Limit).ToList();
        var links = await LinksAsync(organizationId, items, cancellationToken);
        return new LogPage<ActivityItem>(
            [.. items.Select(a => ToItem(a, links))],
            found.Count > page.Limit ? new KeysetCursor(items[^1].At, items[^1].Id).ToString() : null);
    }

    /// <summary>The statement a page runs: its rows and one more, to know whether another page follows.</summary>
    public IQueryable<ProvisioningActivity> Query(Guid organizationId, PageRequest page, bool failuresOnly)
    {
        var rows = db.ProvisioningActivity.AsNoTracking().Where(a => a.OrganizationId == organizationId);
        if (failuresOnly)
        {
            rows = rows.Where(a => FailureOutcomes.Contains(a.Outcome));
        }

        if (page.Query is { } query)
        {
            if (Guid.TryParse(query, out var scimId))
            {
                rows = rows.Where(a => a.ScimId == scimId);
            }
            else
            {
                var (low, high) = PrefixRange(query);
                rows = rows.Where(a => string.Compare(EF.Property<string>(a, "SubjectKey"), low) >= 0 && string.Compare(EF.Property<string>(a, "SubjectKey"), high) < 0);
            }
        }

        return Window(rows, page).OrderByDescending(a => a.At).ThenByDescending(a => a.Id).Take(page.Limit + 1);
    }

    /// <summary>
    /// The range of lower-cased keys (in the "C" collation) that start with <paramref name="prefix"/>: no LIKE, so
    /// no escaping and an index range in every plan. U+10FFFF sorts after every character.
    /// </summary>
    public static (string Low, string High) PrefixRange(string prefix)
    {
        var low = prefix.ToLowerInvariant();
        return (low, low + char.ConvertFromUtf32(0x10FFFF));
    }

    private static IQueryable<ProvisioningActivity> Window(IQueryable<ProvisioningActivity> rows, PageRequest page)
    {
        if (page.From is { } from)
        {
            rows = rows.Where(a => a.At >= from);
        }

        if (page.To is { } to)
        {
            rows = rows.Where(a => a.At < to);
        }

        if (page.After is { } after)
        {
            rows = rows.Where(a => EF.Functions.LessThan(ValueTuple.Create(a.At, a.Id), ValueTuple.Create(after.At, after.Id)));
        }

        return rows;
    }

    private sealed record Links(Dictionary<Guid, Guid> Accounts, Dictionary<Guid, Guid> Teams);

    /// <summary>The members and teams the page's rows are about, in two look-ups for the whole page.</summary>
    private async Task<Links> LinksAsync(Guid organizationId, List<ProvisioningActivity> rows, CancellationToken cancellationToken)
    {
        var users = rows.Where(r => r.ResourceType == ActivityOperations.User && r.ScimId is not null).Select(r => r.ScimId!.Value).Distinct().ToList();
        var groups = rows.Where(r => r.ResourceType == ActivityOperations.Group && r.ScimId is not null).Select(r => r.ScimId!.Value).Distinct().ToList();
        var accounts = users.Count == 0 ? [] : await db.Accounts.AsNoTracking()
            .Where(a => a.OrganizationId == organizationId && !a.Deleted && a.ScimUserId != null && users.Contains(a.ScimUserId.Value))
            .ToDictionaryAsync(a => a.ScimUserId!.Value, a => a.Id, cancellationToken);
        var teams = groups.Count == 0 ? [] : await db.Teams.AsNoTracking()
            .Where(t => t.OrganizationId == organizationId && !t.Deleted && groups.Contains(t.ScimGroupId))
            .ToDictionaryAsync(t => t.ScimGroupId, t => t.Id, cancellationToken);
        return new Links(accounts, teams);
    }

    private static ActivityItem ToItem(ProvisioningActivity a, Links links) =>
        new(a.Id, a.At, a.Operation, a.ResourceType, a.ScimId, a.ExternalId, a.Subject, a.Status, a.Detail, a.Outcome.ToString(), a.OutcomeDetail,
            a.TraceId, a.Source.ToString(),
            a.ResourceType == ActivityOperations.User ? Link(links.Accounts, a.ScimId) : null,
            a.ResourceType == ActivityOperations.Group ? Link(links.Teams, a.ScimId) : null);

    private static Guid? Link(Dictionary<Guid, Guid> ids, Guid? scimId) =>
        scimId is { } id && ids.TryGetValue(id, out var linked) ? linked : null;
}
