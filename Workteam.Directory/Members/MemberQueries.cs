using Microsoft.EntityFrameworkCore;
using Workteam.Directory.Activity;
using Workteam.Directory.Data;

namespace Workteam.Directory.Members;

/// <summary>What a member list can be narrowed to; <see cref="Query"/> is the start of a name, email or userName, any case.</summary>
public sealed record MemberFilter(string? Query = null, AccountStatus? Status = null, AccountRole? Role = null, bool? Managed = null, Guid? TeamId = null);

public sealed record MemberListItem(
    Guid AccountId, string? Email, string Role, string Status, DateTimeOffset CreatedAt, Guid? ScimUserId, string? UserName, string? DisplayName,
    bool ManagedByEntra, int TeamCount, bool EntraActive, bool SuspendedByAdmin, bool RoleFromEntra, DateTimeOffset? StatusChangedAt, Guid? StatusChangedBy)
{
    /// <summary>How the console names the member: the display name, else the email, else the userName.</summary>
    public string Name => DisplayName ?? Email ?? UserName ?? "(no name)";

    public MemberActions Actions => new(Role, EntraActive, SuspendedByAdmin, RoleFromEntra);
}

/// <summary>A member as a list shows it, with the key the list is sorted by.</summary>
public sealed record MemberRow(string SortKey, MemberListItem Item);

/// <summary>
/// An organization's members a page at a time, sorted by name: every filter and search is an index range or an
/// index-backed join, and nothing reads the whole membership.
/// </summary>
public sealed class MemberQueries(DirectoryDbContext db)
{
    public async Task<CountedPage<MemberListItem>> ListAsync(
        Guid organizationId, MemberFilter filter, int limit, NameCursor? after, CancellationToken cancellationToken)
    {
        // Counted once, by the first page; later pages carry the count in their cursor.
        var total = after?.Total ?? await Filtered(organizationId, filter).CountAsync(cancellationToken);
        var rows = await PageQuery(organizationId, filter, limit, after).ToListAsync(cancellationToken);
        var page = rows.Take(limit).ToList();
        var next = rows.Count > limit ? new NameCursor(page[^1].SortKey, page[^1].Item.AccountId, total).ToString() : null;
        return new CountedPage<MemberListItem>([.. page.Select(r => r.Item)], next, total);
    }

    /// <summary>The statements a page runs: the count of all matches (first page only), and the page's rows and one more.</summary>
    public (IQueryable<Account> Count, IQueryable<MemberRow> Page) Queries(Guid organizationId, MemberFilter filter, int limit, NameCursor? after) =>
        (Filtered(organizationId, filter), PageQuery(organizationId, filter, limit, after));

    private IQueryable<MemberRow> PageQuery(Guid organizationId, MemberFilter filter, int limit, NameCursor? after)
    {
        var accounts = Filtered(organizationId, filter);
        if (after is { } cursor)
        {
            accounts = accounts.Where(a => EF.Functions.GreaterThan(
                ValueTuple.Create(EF.Property<string>(a, SearchKeys.SortKey), a.Id), ValueTuple.Create(cursor.Key, cursor.Id)));
        }

        return accounts
            .OrderBy(a => EF.Property<string>(a, SearchKeys.SortKey)).ThenBy(a => a.Id)
            .Take(limit + 1)
            .Select(a => new MemberRow(
                EF.Property<string>(a, SearchKeys.SortKey),
                new MemberListItem(
                    a.Id, a.Email, a.Role.ToString(), a.Status.ToString(), a.CreatedAt, a.ScimUserId, a.UserName, a.DisplayName, a.ScimUserId != null,
                    a.ScimUserId == null ? 0 : db.TeamMemberships.Count(m => m.ScimUserId == a.ScimUserId && m.Present
                        && db.Teams.Any(t => t.Id == m.TeamId && t.OrganizationId == organizationId && !t.Deleted)),
                    a.EntraActive, a.SuspendedByAdmin, a.RoleFromEntra, a.StatusChangedAt, a.StatusChangedBy)));
    }

    private IQueryable<Account> Filtered(Guid organizationId, MemberFilter filter)
    {
        var accounts = db.Accounts.AsNoTracking().Where(a => a.OrganizationId == organizationId && !a.Deleted);
        if (filter.Query is { } query)
        {
            var (low, high) = ActivityQueries.PrefixRange(query);
            accounts = accounts.Where(a =>
                (string.Compare(EF.Property<string>(a, SearchKeys.DisplayNameKey), low) >= 0 && string.Compare(EF.Property<string>(a, SearchKeys.DisplayNameKey), high) < 0)
                || (string.Compare(EF.Property<string>(a, SearchKeys.EmailKey), low) >= 0 && string.Compare(EF.Property<string>(a, SearchKeys.EmailKey), high) < 0)
                || (string.Compare(EF.Property<string>(a, SearchKeys.UserNameKey), low) >= 0 && string.Compare(EF.Property<string>(a, SearchKeys.UserNameKey), high) < 0));
        }

        if (filter.Status is { } status)
        {
            accounts = accounts.Where(a => a.Status == status);
        }

        if (filter.Role is { } role)
        {
            accounts = accounts.Where(a => a.Role == role);
        }

        if (filter.Managed is { } managed)
        {
            accounts = managed ? accounts.Where(a => a.ScimUserId != null) : accounts.Where(a => a.ScimUserId == null);
        }

        if (filter.TeamId is { } teamId)
        {
            accounts = accounts.Where(a => db.TeamMemberships.Any(m => m.TeamId == teamId && m.Present && m.ScimUserId == a.ScimUserId)
                && db.Teams.Any(t => t.Id == teamId && t.OrganizationId == organizationId && !t.Deleted));
        }

        return accounts;
    }
}
