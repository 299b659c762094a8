using Microsoft.EntityFrameworkCore;
using Workteam.Directory.Activity;
using Workteam.Directory.Data;

namespace Workteam.Directory.Members;

/// <summary>A team as a list shows it, with the key the list is sorted by.</summary>
public sealed record TeamRow(string SortKey, TeamListItem Item);

public sealed record TeamListItem(Guid TeamId, Guid ScimGroupId, string DisplayName, string? ExternalId, int MemberCount, bool ManagedByEntra);

/// <summary>An organization's teams a page at a time, sorted by name; each page's member counts in the same query.</summary>
public sealed class TeamQueries(DirectoryDbContext db)
{
    public async Task<CountedPage<TeamListItem>> ListAsync(Guid organizationId, string? query, int limit, NameCursor? after, CancellationToken cancellationToken)
    {
        var total = after?.Total ?? await Matching(organizationId, query).CountAsync(cancellationToken);
        var rows = await ListQuery(organizationId, query, limit, after).ToListAsync(cancellationToken);
        var page = rows.Take(limit).ToList();
        var next = rows.Count > limit ? new NameCursor(page[^1].SortKey, page[^1].Item.TeamId, total).ToString() : null;
        return new CountedPage<TeamListItem>([.. page.Select(r => r.Item)], next, total);
    }

    /// <summary>The statement a page runs: its rows and one more.</summary>
    public IQueryable<TeamRow> ListQuery(Guid organizationId, string? query, int limit, NameCursor? after)
    {
        var teams = Matching(organizationId, query);
        if (after is { } cursor)
        {
            teams = teams.Where(t => EF.Functions.GreaterThan(ValueTuple.Create(EF.Property<string>(t, SearchKeys.NameKey), t.Id), ValueTuple.Create(cursor.Key, cursor.Id)));
        }

        return Items(teams.OrderBy(t => EF.Property<string>(t, SearchKeys.NameKey)).ThenBy(t => t.Id).Take(limit + 1));
    }

    private IQueryable<Team> Matching(Guid organizationId, string? query)
    {
        var teams = Named(organizationId);
        if (query is not null)
        {
            var (low, high) = ActivityQueries.PrefixRange(query);
            teams = teams.Where(t => string.Compare(EF.Property<string>(t, SearchKeys.NameKey), low) >= 0 && string.Compare(EF.Property<string>(t, SearchKeys.NameKey), high) < 0);
        }

        return teams;
    }

    public Task<TeamListItem?> GetAsync(Guid organizationId, Guid teamId, CancellationToken cancellationToken) =>
        Items(Named(organizationId).Where(t => t.Id == teamId)).Select(r => r.Item).SingleOrDefaultAsync(cancellationToken);

    /// <summary>The teams a member is in, by name, at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<TeamListItem>> OfMemberAsync(Guid organizationId, Guid scimUserId, int limit, CancellationToken cancellationToken) =>
        await Items(Named(organizationId).Where(t => db.TeamMemberships.Any(m => m.TeamId == t.Id && m.ScimUserId == scimUserId && m.Present))
                .OrderBy(t => EF.Property<string>(t, SearchKeys.NameKey)).ThenBy(t => t.Id).Take(limit))
            .Select(r => r.Item).ToListAsync(cancellationToken);

    private IQueryable<Team> Named(Guid organizationId) =>
        db.Teams.AsNoTracking().Where(t => t.OrganizationId == organizationId && !t.Deleted && t.DisplayName != null);

    private IQueryable<TeamRow> Items(IQueryable<Team> teams) =>
        teams.Select(t => new TeamRow(
            EF.Property<string>(t, SearchKeys.NameKey),
            new TeamListItem(t.Id, t.ScimGroupId, t.DisplayName!, t.ExternalId, db.TeamMemberships.Count(m => m.TeamId == t.Id && m.Present), true)));
}
