using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Workteam.Directory.Activity;
using Workteam.Directory.Data;

namespace Workteam.Directory.Members;

public sealed record ManagerLink(Guid ScimUserId, Guid? AccountId, string? Name);

/// <summary>
/// Where the member's invitation stands: <c>None</c> (never invited), <c>Queued</c> (its email is on its way),
/// <c>Sent</c> (the mail server accepted it), <c>Undelivered</c> (Notifier gave up on its email: resend it),
/// <c>Expired</c>, <c>Withdrawn</c>, or <c>Accepted</c>.
/// </summary>
public sealed record InvitationState(string State, DateTimeOffset? SentAt, DateTimeOffset? ExpiresAt);

public sealed record MemberDetail(
    Guid AccountId, string? Email, string? UserName, string? DisplayName, string? GivenName, string? FamilyName, string? Title, string? Department,
    ManagerLink? Manager, IReadOnlyDictionary<string, string> OtherAttributes, string? ExternalId, Guid? ScimUserId, bool ManagedByEntra, bool HasPassword, string Role, string Status, DateTimeOffset CreatedAt,
    IReadOnlyList<TeamListItem> Teams, int TeamCount, int ActiveSessions, InvitationState Invitation, IReadOnlyList<ActivityItem> RecentActivity,
    bool EntraActive, bool SuspendedByAdmin, bool RoleFromEntra, DateTimeOffset? StatusChangedAt, Guid? StatusChangedBy, string? StatusChangedByName)
{
    public string Name => DisplayName ?? Email ?? UserName ?? "(no name)";

    /// <summary>A provisioned member who can sign in but has not chosen a password yet can get a new invitation.</summary>
    public bool CanResendInvitation => ManagedByEntra && !HasPassword && Email is not null && Status == nameof(AccountStatus.Active);

    public MemberActions Actions => new(Role, EntraActive, SuspendedByAdmin, RoleFromEntra);
}

/// <summary>Everything the member page shows about one account, read with a handful of small queries.</summary>
public sealed class MemberDetails(DirectoryDbContext db, TeamQueries teams, ActivityQueries activity, TimeProvider clock)
{
    /// <summary>How many of the member's teams and recent activity rows the page lists (the rest is a link away).</summary>
    public const int ListedItems = 50;

    public async Task<MemberDetail?> GetAsync(Guid organizationId, Guid accountId, CancellationToken cancellationToken)
    {
        var account = await db.Accounts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == accountId && a.OrganizationId == organizationId && !a.Deleted, cancellationToken);
        if (account is null)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var manager = account.ManagerScimUserId is { } managerId
            ? new ManagerLink(managerId, null, null)
            : null;
        if (manager is not null)
        {
            var found = await db.Accounts.AsNoTracking()
                .Where(a => a.OrganizationId == organizationId && a.ScimUserId == manager.ScimUserId && !a.Deleted)
                .Select(a => new { a.Id, Name = a.DisplayName ?? a.Email ?? a.UserName })
                .SingleOrDefaultAsync(cancellationToken);
            manager = manager with { AccountId = found?.Id, Name = found?.Name };
        }

        var memberTeams = account.ScimUserId is { } scimUserId ? await teams.OfMemberAsync(organizationId, scimUserId, ListedItems, cancellationToken) : [];
        var teamCount = account.ScimUserId is { } id
            ? await db.TeamMemberships.CountAsync(m => m.ScimUserId == id && m.Present && db.Teams.Any(t => t.Id == m.TeamId && t.OrganizationId == organizationId && !t.Deleted), cancellationToken)
            : 0;
        var sessions = await db.Sessions.CountAsync(s => s.AccountId == account.Id && s.RevokedAt == null && s.ExpiresAt > now, cancellationToken);
        var recent = account.ScimUserId is { } user
            ? (await activity.ListAsync(organizationId, new PageRequest(ListedItems, null, user.ToString(), null, null), failuresOnly: false, cancellationToken)).Items
            : [];
        return new MemberDetail(
            account.Id, account.Email, account.UserName, account.DisplayName, account.GivenName, account.FamilyName, account.Title, account.Department,
            manager, Attributes(account.OtherAttributes), account.ExternalId, account.ScimUserId, account.ScimUserId is not null, account.PasswordHash is not null, account.Role.ToString(),
            account.Status.ToString(), account.CreatedAt, memberTeams, teamCount, sessions, await InvitationAsync(account.Id, now, cancellationToken), recent,
            account.EntraActive, account.SuspendedByAdmin, account.RoleFromEntra, account.StatusChangedAt, account.StatusChangedBy,
            account.StatusChangedAt is null ? null : await StatusChangedByAsync(account.StatusChangedBy, cancellationToken));
    }

    /// <summary>"Microsoft Entra ID", or the admin's email.</summary>
    private async Task<string> StatusChangedByAsync(Guid? adminId, CancellationToken cancellationToken) =>
        adminId is null ? "Microsoft Entra ID"
        : await db.Accounts.Where(a => a.Id == adminId).Select(a => a.Email ?? a.UserName).SingleOrDefaultAsync(cancellationToken) ?? "an admin";

    private static IReadOnlyDictionary<string, string> Attributes(string? json) =>
        json is null ? new Dictionary<string, string>() : JsonSerializer.Deserialize<SortedDictionary<string, string>>(json) ?? [];

    private async Task<InvitationState> InvitationAsync(Guid accountId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var latest = await db.Invitations.AsNoTracking().Where(i => i.AccountId == accountId).OrderByDescending(i => i.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        return latest switch
        {
            null => new InvitationState("None", null, null),
            { AcceptedAt: not null } => new InvitationState("Accepted", latest.SentAt, latest.ExpiresAt),
            { RevokedAt: not null } => new InvitationState("Withdrawn", latest.SentAt, latest.ExpiresAt),
            _ when latest.ExpiresAt <= now => new InvitationState("Expired", latest.SentAt, latest.ExpiresAt),
            { SentAt: not null } => new InvitationState("Sent", latest.SentAt, latest.ExpiresAt),
            { DeliveryFailedAt: not null } => new InvitationState("Undelivered", null, latest.ExpiresAt),
            _ => new InvitationState("Queued", null, latest.ExpiresAt),
        };
    }
}
