using Microsoft.EntityFrameworkCore;
using Workteam.Directory.Data;

namespace Workteam.Directory.Provisioning;

public sealed record TeamMemberView(Guid AccountId, Guid ScimUserId, string? Email, string? DisplayName);

public sealed record TeamView(Guid TeamId, Guid ScimGroupId, string DisplayName, string? ExternalId, IReadOnlyList<TeamMemberView> Members);

/// <summary>Reads the organization's provisioned teams and who is in them.</summary>
public sealed class TeamDirectory(DirectoryDbContext db)
{
    public async Task<List<TeamView>> ListAsync(Guid organizationId, CancellationToken cancellationToken)
    {
        var teams = await db.Teams.AsNoTracking()
            .Where(t => t.OrganizationId == organizationId && !t.Deleted && t.DisplayName != null)
            .OrderBy(t => t.DisplayName).ThenBy(t => t.Id)
            .ToListAsync(cancellationToken);
        var teamIds = teams.Select(t => t.Id).ToList();
        var members = await (
            from membership in db.TeamMemberships.AsNoTracking()
            join account in db.Accounts.AsNoTracking()
                on new { OrganizationId = organizationId, ScimUserId = (Guid?)membership.ScimUserId } equals new { account.OrganizationId, account.ScimUserId }
            where teamIds.Contains(membership.TeamId) && membership.Present && !account.Deleted
            orderby account.NormalizedEmail
            select new { membership.TeamId, Member = new TeamMemberView(account.Id, membership.ScimUserId, account.Email, account.DisplayName) })
            .ToListAsync(cancellationToken);
        var byTeam = members.ToLookup(m => m.TeamId, m => m.Member);
        return teams.Select(t => new TeamView(t.Id, t.ScimGroupId, t.DisplayName!, t.ExternalId, byTeam[t.Id].ToList())).ToList();
    }
}
