using Microsoft.EntityFrameworkCore;
using Workteam.Contracts.Provisioning;
using Workteam.Directory.Data;

namespace Workteam.Directory.Provisioning;

/// <summary>
/// Applies SCIM group events to teams. The name and deletion follow the team's version; each membership follows
/// its own, so membership events may arrive in any order. Runs inside <see cref="ProvisioningInbox"/>'s transaction.
/// </summary>
public sealed class TeamProvisioning(DirectoryDbContext db, TimeProvider clock)
{
    public Task<ProvisioningOutcome> CreateAsync(GroupCreated message, FailureReports reports, CancellationToken cancellationToken) =>
        ApplyAsync(message, reports, message.DisplayName, team =>
        {
            team.ExternalId ??= message.ExternalId;
            return Rename(team, message.DisplayName, message.Version);
        }, cancellationToken);

    public Task<ProvisioningOutcome> RenameAsync(GroupRenamed message, FailureReports reports, CancellationToken cancellationToken) =>
        ApplyAsync(message, reports, message.DisplayName, team => Rename(team, message.DisplayName, message.Version), cancellationToken);

    public Task<ProvisioningOutcome> DeleteAsync(GroupDeleted message, FailureReports reports, CancellationToken cancellationToken) =>
        ApplyAsync(message, reports, null, team =>
        {
            team.Deleted = true;
            team.DisplayName = team.ExternalId = null;
            team.Version = Math.Max(team.Version, message.Version);
            return true;
        }, cancellationToken, afterSave: team =>
            db.TeamMemberships.Where(m => m.TeamId == team.Id).ExecuteDeleteAsync(cancellationToken));

    public Task<ProvisioningOutcome> ChangeMembersAsync(
        IScimResourceEvent message, IReadOnlyList<Guid> userIds, bool present, FailureReports reports, CancellationToken cancellationToken) =>
        ApplyAsync(message, reports, null, _ => true, cancellationToken, afterSave: async team =>
        {
            var existing = await db.TeamMemberships.Where(m => m.TeamId == team.Id && userIds.Contains(m.ScimUserId))
                .ToDictionaryAsync(m => m.ScimUserId, cancellationToken);
            foreach (var userId in userIds.Distinct())
            {
                var membership = existing.GetValueOrDefault(userId);
                switch (LastWriterWins.ForMembership(membership?.Version, message.Version))
                {
                    case MembershipDecision.Insert:
                        db.TeamMemberships.Add(new TeamMembership { TeamId = team.Id, ScimUserId = userId, Present = present, Version = message.Version });
                        break;
                    case MembershipDecision.Update:
                        membership!.Present = present;
                        membership.Version = message.Version;
                        break;
                }
            }

            await db.SaveChangesAsync(cancellationToken);
        });

    private static bool Rename(Team team, string displayName, long version)
    {
        if (!LastWriterWins.IsNewer(team.Version, version))
        {
            return false;
        }

        team.DisplayName = displayName;
        team.Version = version;
        return true;
    }

    /// <summary>
    /// Finds the team (or creates it without a name, when a membership event overtook the creation) and applies
    /// <paramref name="change"/> unless the group was deleted.
    /// </summary>
    private async Task<ProvisioningOutcome> ApplyAsync(
        IScimResourceEvent message,
        FailureReports reports,
        string? subject,
        Func<Team, bool> change,
        CancellationToken cancellationToken,
        Func<Team, Task>? afterSave = null)
    {
        var outcome = new ProvisioningOutcome();
        if (!await db.Organizations.AnyAsync(o => o.Id == message.OrganizationId, cancellationToken))
        {
            outcome.Failures.Add(reports.Group("organization", subject, 404, "The organization does not exist in Workteam; the group was not applied."));
            return outcome;
        }

        var team = await db.Teams.SingleOrDefaultAsync(t => t.OrganizationId == message.OrganizationId && t.ScimGroupId == message.ResourceId, cancellationToken);
        if (team is { Deleted: true })
        {
            outcome.Skip("The group was deleted before this change arrived.");
            return outcome;
        }

        if (team is null)
        {
            team = new Team { Id = Guid.CreateVersion7(), OrganizationId = message.OrganizationId, ScimGroupId = message.ResourceId, CreatedAt = clock.GetUtcNow() };
            db.Teams.Add(team);
        }

        var nameBefore = team.DisplayName;
        var externalIdBefore = team.ExternalId;
        if (!change(team))
        {
            outcome.Skip($"Older than the change Workteam already applied (version {message.Version}, applied {team.Version}).");
        }

        // A deleted group is still named as it was.
        outcome.Subject = subject ?? nameBefore ?? team.DisplayName;
        outcome.ExternalId = externalIdBefore ?? team.ExternalId;
        await db.SaveChangesAsync(cancellationToken);
        if (afterSave is not null)
        {
            await afterSave(team);
        }

        return outcome;
    }
}
