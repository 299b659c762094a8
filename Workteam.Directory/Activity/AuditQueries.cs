using Microsoft.EntityFrameworkCore;
using Workteam.Directory.Data;

namespace Workteam.Directory.Activity;

/// <summary>An audit entry as the API shows it; <see cref="Actor"/>'s account id is null for Entra.</summary>
public sealed record AuditItem(Guid Id, DateTimeOffset At, AuditItemActor Actor, string Action, string? Target, Guid? TargetAccountId, string? Detail);

public sealed record AuditItemActor(Guid? AccountId, string Email);

/// <summary>An organization's audit log, newest first, a page at a time.</summary>
public sealed class AuditQueries(DirectoryDbContext db)
{
    /// <summary><paramref name="page"/>'s <c>q</c> is the start of the target or the actor, any case.</summary>
    public async Task<LogPage<AuditItem>> ListAsync(Guid organizationId, PageRequest page, CancellationToken cancellationToken)
    {
        var entries = db.AuditLog.AsNoTracking().Where(e => e.OrganizationId == organizationId);
        if (page.Query is { } query)
        {
            var (low, high) = ActivityQueries.PrefixRange(query);
            entries = entries.Where(e =>
                (string.Compare(EF.Property<string>(e, "TargetKey"), low) >= 0 && string.Compare(EF.Property<string>(e, "TargetKey"), high) < 0)
                || (string.Compare(EF.Property<string>(e, "ActorKey"), low) >= 0 && string.Compare(EF.Property<string>(e, "ActorKey"), high) < 0));
        }

        if (page.From is { } from)
        {
            entries = entries.Where(e => e.At >= from);
        }

        if (page.To is { } to)
        {
            entries = entries.Where(e => e.At < to);
        }

        if (page.After is { } after)
        {
            entries = entries.Where(e => EF.Functions.LessThan(ValueTuple.Create(e.At, e.Id), ValueTuple.Create(after.At, after.Id)));
        }

        var found = await entries.OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Take(page.Limit + 1).ToListAsync(cancellationToken);
        var items = found.Take(page.Limit).ToList();
        return new LogPage<AuditItem>(
            [.. items.Select(e => new AuditItem(e.Id, e.At, new AuditItemActor(e.ActorAccountId, e.Actor), e.Action, e.Target, e.TargetAccountId, e.Detail))],
            found.Count > page.Limit ? new KeysetCursor(items[^1].At, items[^1].Id).ToString() : null);
    }

    /// <summary>How the console words an action.</summary>
    public static string Describe(string action) => action switch
    {
        AuditActions.ScimTokenGenerated => "Generated a SCIM token",
        AuditActions.ScimTokenRevoked => "Revoked a SCIM token",
        AuditActions.ProvisioningEnabled => "Enabled SCIM provisioning",
        AuditActions.ProvisioningDisabled => "Disabled SCIM provisioning",
        AuditActions.NotificationEmailChanged => "Changed the failure notification email",
        AuditActions.InvitationsChanged => "Changed the invitation setting",
        AuditActions.MemberRoleChanged => "Changed a member's role",
        AuditActions.MemberStatusChanged => "Changed a member's status",
        AuditActions.HeldDeprovisioningApplied => "Applied a held deprovisioning",
        AuditActions.HeldDeprovisioningDiscarded => "Discarded a held deprovisioning",
        AuditActions.AdminSignedIn => "Signed in (admin)",
        AuditActions.SignInFailed => "Failed to sign in",
        AuditActions.AccountLocked => "Account locked",
        _ => action,
    };
}
