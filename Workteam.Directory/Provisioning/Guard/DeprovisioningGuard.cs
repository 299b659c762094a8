using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Workteam.Contracts.Provisioning;
using Workteam.Directory.Activity;
using Workteam.Directory.Data;

namespace Workteam.Directory.Provisioning.Guard;

/// <summary>
/// Decides, inside <see cref="ProvisioningInbox"/>'s transaction and under the member's lock, whether a user event
/// is applied now or held for an admin. Deprovisionings of one organization are counted under the organization's
/// lock, so concurrent events cannot both slip under the limit.
/// </summary>
public sealed class DeprovisioningGuard(
    DirectoryDbContext db, IOptions<DeprovisioningGuardOptions> options, GuardEmail email, ActivityLog activity, TimeProvider clock)
{
    /// <summary>
    /// Whether the event must not be applied now: it is held (or replaces the member's held action), or it is older
    /// than the held action. A newer event that does not deprovision supersedes the held action and is applied.
    /// </summary>
    public async Task<bool> HoldsAsync(
        Account account, IScimResourceEvent message, DeprovisioningKind? kind, FailureReports reports, ProvisioningOutcome outcome, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var pending = await db.HeldDeprovisionings.SingleOrDefaultAsync(
            h => h.OrganizationId == account.OrganizationId && h.ScimUserId == message.ResourceId && h.Status == HeldDeprovisioningStatus.Pending,
            cancellationToken);
        if (pending is not null && !LastWriterWins.IsNewer(pending.Version, message.Version))
        {
            outcome.Skip("Older than the change the mass-deprovisioning guard holds for this member.");
            return true;
        }

        if (kind is not { } deprovisioning || account.Status != AccountStatus.Active || account.Deleted)
        {
            if (pending is not null)
            {
                pending.Status = HeldDeprovisioningStatus.Superseded;
                pending.DecidedAt = now;
                await db.SaveChangesAsync(cancellationToken);
                await activity.ResolveHeldAsync(account.OrganizationId, message.ResourceId, ActivityOutcome.Skipped,
                    "Held, then superseded by a newer change from Entra before an admin decided.", cancellationToken);
            }

            return false;
        }

        await ProvisioningInbox.LockAsync(db, account.OrganizationId, cancellationToken);
        if (pending is not null)
        {
            Keep(pending, message, deprovisioning);
            await db.SaveChangesAsync(cancellationToken);
            await activity.ResolveHeldAsync(account.OrganizationId, message.ResourceId, ActivityOutcome.Skipped,
                "Held, then replaced by a newer held change for this member.", cancellationToken);
            outcome.Hold(HeldReason);
            return true;
        }

        var since = now - options.Value.Window;
        // Members, not events: one member deactivated, reactivated and deactivated again counts once.
        var applied = await db.AppliedDeprovisionings
            .Where(a => a.OrganizationId == account.OrganizationId && a.AppliedAt >= since && a.ScimUserId != message.ResourceId)
            .Select(a => a.ScimUserId).Distinct().CountAsync(cancellationToken);
        var active = await db.Accounts.CountAsync(
            a => a.OrganizationId == account.OrganizationId && !a.Deleted && a.Status == AccountStatus.Active, cancellationToken);
        var anythingHeld = await db.HeldDeprovisionings.AnyAsync(
            h => h.OrganizationId == account.OrganizationId && h.Status == HeldDeprovisioningStatus.Pending, cancellationToken);
        var decision = DeprovisioningGuardRule.Decide(applied, active, anythingHeld, options.Value);
        if (decision == GuardDecision.Apply)
        {
            RecordApplied(account.OrganizationId, message.ResourceId, deprovisioning);
            return false;
        }

        var held = new HeldDeprovisioning
        {
            Id = Guid.CreateVersion7(),
            OrganizationId = account.OrganizationId,
            ScimUserId = message.ResourceId,
            AccountId = account.Id,
            EventType = message.GetType().Name,
            Payload = "{}",
            HeldAt = now,
            Status = HeldDeprovisioningStatus.Pending,
        };
        Keep(held, message, deprovisioning);
        db.HeldDeprovisionings.Add(held);
        await db.SaveChangesAsync(cancellationToken);
        outcome.Hold(HeldReason);
        if (decision == GuardDecision.Trip)
        {
            await ReportTripAsync(account, applied, active, reports, outcome, cancellationToken);
        }

        return true;
    }

    private const string HeldReason =
        "Held by the mass-deprovisioning guard: the member keeps access until an admin applies or discards it (Members → Held deprovisionings).";

    /// <summary>Counts a deprovisioning applied now (by the guard's consent or an admin's) in the window.</summary>
    public void RecordApplied(Guid organizationId, Guid scimUserId, DeprovisioningKind kind) =>
        db.AppliedDeprovisionings.Add(new AppliedDeprovisioning
        {
            Id = Guid.CreateVersion7(),
            OrganizationId = organizationId,
            ScimUserId = scimUserId,
            Kind = kind,
            AppliedAt = clock.GetUtcNow(),
        });

    /// <summary>The event a held action applies when an admin says so.</summary>
    public static IScimResourceEvent EventOf(HeldDeprovisioning held) => held.EventType switch
    {
        nameof(UserDeleted) => Deserialize<UserDeleted>(held.Payload),
        nameof(UserDeactivated) => Deserialize<UserDeactivated>(held.Payload),
        nameof(UserUpdated) => Deserialize<UserUpdated>(held.Payload),
        nameof(UserRolesChanged) => Deserialize<UserRolesChanged>(held.Payload),
        nameof(UserReactivated) => Deserialize<UserReactivated>(held.Payload),
        nameof(UserProvisioned) => Deserialize<UserProvisioned>(held.Payload),
        _ => throw new InvalidOperationException($"A held action cannot hold a {held.EventType}."),
    };

    private static T Deserialize<T>(string payload) =>
        JsonSerializer.Deserialize<T>(payload, JsonSerializerOptions.Web) ?? throw new InvalidOperationException("An empty held event.");

    private static void Keep(HeldDeprovisioning held, IScimResourceEvent message, DeprovisioningKind kind)
    {
        held.Kind = kind;
        held.EventType = message.GetType().Name;
        held.Version = message.Version;
        held.Payload = JsonSerializer.Serialize(message, message.GetType(), JsonSerializerOptions.Web);
    }

    private async Task ReportTripAsync(
        Account account, int applied, int active, FailureReports reports, ProvisioningOutcome outcome, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var organization = await db.Organizations.AsNoTracking().SingleAsync(o => o.Id == account.OrganizationId, cancellationToken);
        var reason = $"Entra deprovisioned {applied + 1} of about {active + applied} active members within {settings.Window}, more than "
            + $"{settings.Share:P0} allows: Workteam holds this and further deactivations and deletions until an admin applies or discards them "
            + "in the console (Members → Held deprovisionings). The members keep access until then.";
        outcome.Failures.Add(reports.User("deprovisioning-guard", account.Label, 429, reason));

        var admins = await db.Accounts.AsNoTracking()
            .Where(a => a.OrganizationId == account.OrganizationId && a.Role == AccountRole.Admin && a.Status == AccountStatus.Active
                && !a.Deleted && a.Email != null)
            .Select(a => new { a.Id, a.Email })
            .ToListAsync(cancellationToken);
        outcome.Emails.AddRange(admins.Select(a =>
            email.Compose(reports.Derive("guard-email:" + a.Id), a.Email!, organization.Name, applied + 1, settings.Window)));
    }
}
