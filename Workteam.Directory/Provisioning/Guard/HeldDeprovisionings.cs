using Microsoft.EntityFrameworkCore;
using Workteam.Contracts.Provisioning;
using Workteam.Directory.Accounts;
using Workteam.Directory.Activity;
using Workteam.Directory.Data;

namespace Workteam.Directory.Provisioning.Guard;

/// <summary>A held action as the console and the API show it, with the member it concerns.</summary>
public sealed record HeldDeprovisioningView(
    Guid HeldId, Guid ScimUserId, Guid AccountId, string Member, DeprovisioningKind Kind, long Version, DateTimeOffset HeldAt,
    HeldDeprovisioningStatus Status, Guid? DecidedBy, DateTimeOffset? DecidedAt);

/// <summary>
/// What admins do with the actions the guard holds. Applying one runs the ordinary provisioning code for its event,
/// under the member's and the organization's locks like a consumed event, its failure reports written to the outbox in
/// the same transaction; discarding one leaves the member as is.
/// </summary>
public sealed class HeldDeprovisionings(
    DirectoryDbContext db, UserProvisioning users, DeprovisioningGuard guard, ActivityLog activity, AuditLog audit, TimeProvider clock)
{
    public async Task<IReadOnlyList<HeldDeprovisioningView>> ListAsync(Guid organizationId, bool pendingOnly, CancellationToken cancellationToken) =>
        await Views(db.HeldDeprovisionings.Where(h => h.OrganizationId == organizationId && (!pendingOnly || h.Status == HeldDeprovisioningStatus.Pending)))
            .ToListAsync(cancellationToken);

    private Task<HeldDeprovisioningView> ViewAsync(Guid heldId, CancellationToken cancellationToken) =>
        Views(db.HeldDeprovisionings.Where(h => h.Id == heldId)).SingleAsync(cancellationToken);

    private IQueryable<HeldDeprovisioningView> Views(IQueryable<HeldDeprovisioning> held) =>
        from h in held.AsNoTracking()
        join a in db.Accounts.AsNoTracking() on h.AccountId equals a.Id
        orderby h.HeldAt
        select new HeldDeprovisioningView(
            h.Id, h.ScimUserId, h.AccountId, a.Email ?? a.UserName ?? (a.Deleted ? "(deleted member)" : "(no email)"),
            h.Kind, h.Version, h.HeldAt, h.Status, h.DecidedBy, h.DecidedAt);

    public Task<int> CountPendingAsync(Guid organizationId, CancellationToken cancellationToken) =>
        db.HeldDeprovisionings.CountAsync(h => h.OrganizationId == organizationId && h.Status == HeldDeprovisioningStatus.Pending, cancellationToken);

    public Task<Result<HeldDeprovisioningView>> ApplyAsync(Guid organizationId, Guid heldId, Guid adminId, CancellationToken cancellationToken) =>
        DecideAsync(organizationId, heldId, adminId, apply: true, cancellationToken);

    public Task<Result<HeldDeprovisioningView>> DiscardAsync(Guid organizationId, Guid heldId, Guid adminId, CancellationToken cancellationToken) =>
        DecideAsync(organizationId, heldId, adminId, apply: false, cancellationToken);

    /// <summary>Pending actions decided in one transaction by <see cref="DecideAllAsync"/>.</summary>
    public const int DecideAllBatchSize = 100;

    /// <summary>
    /// Applies or discards every pending action of the organization, <see cref="DecideAllBatchSize"/> in one
    /// transaction, each batch read once: the work grows with the number of actions, not with its square. Answers how many.
    /// </summary>
    public async Task<int> DecideAllAsync(Guid organizationId, Guid adminId, bool apply, CancellationToken cancellationToken)
    {
        var decided = 0;
        int batch;
        do
        {
            batch = await DecideBatchAsync(organizationId, adminId, apply, cancellationToken);
            decided += batch;
        }
        while (batch == DecideAllBatchSize);

        return decided;
    }

    private Task<int> DecideBatchAsync(Guid organizationId, Guid adminId, bool apply, CancellationToken cancellationToken) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var scimUserIds = await Pending(organizationId).Select(h => h.ScimUserId).ToListAsync(cancellationToken);
            if (scimUserIds.Count == 0)
            {
                return 0;
            }

            // The members' locks before the organization's, in the order consumed events take them.
            await ProvisioningInbox.LockAllAsync(db, scimUserIds, cancellationToken);
            await ProvisioningInbox.LockAsync(db, organizationId, cancellationToken);
            var pending = await Pending(organizationId).Where(h => scimUserIds.Contains(h.ScimUserId)).ToListAsync(cancellationToken);
            var now = clock.GetUtcNow();
            var admin = await audit.ActorAsync(adminId, cancellationToken);
            foreach (var held in pending)
            {
                await DecideHeldAsync(held, apply, admin, cancellationToken);
                held.Status = apply ? HeldDeprovisioningStatus.Applied : HeldDeprovisioningStatus.Discarded;
                held.DecidedBy = adminId;
                held.DecidedAt = now;
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return pending.Count;
        });

    private IQueryable<HeldDeprovisioning> Pending(Guid organizationId) =>
        db.HeldDeprovisionings
            .Where(h => h.OrganizationId == organizationId && h.Status == HeldDeprovisioningStatus.Pending)
            .OrderBy(h => h.HeldAt).ThenBy(h => h.Id)
            .Take(DecideAllBatchSize);

    private async Task<Result<HeldDeprovisioningView>> DecideAsync(
        Guid organizationId, Guid heldId, Guid adminId, bool apply, CancellationToken cancellationToken)
    {
        var result = await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var scimUserId = await db.HeldDeprovisionings.Where(h => h.Id == heldId && h.OrganizationId == organizationId)
                .Select(h => (Guid?)h.ScimUserId).SingleOrDefaultAsync(cancellationToken);
            if (scimUserId is null)
            {
                return Result<Guid>.NotFound("No such held action in this organization.");
            }

            await ProvisioningInbox.LockAsync(db, scimUserId.Value, cancellationToken);
            await ProvisioningInbox.LockAsync(db, organizationId, cancellationToken);
            var held = await db.HeldDeprovisionings.SingleAsync(h => h.Id == heldId, cancellationToken);
            if (held.Status != HeldDeprovisioningStatus.Pending)
            {
                return Result<Guid>.Conflict("status", $"This action is already {held.Status.ToString().ToLowerInvariant()}.");
            }

            await DecideHeldAsync(held, apply, await audit.ActorAsync(adminId, cancellationToken), cancellationToken);
            held.Status = apply ? HeldDeprovisioningStatus.Applied : HeldDeprovisioningStatus.Discarded;
            held.DecidedBy = adminId;
            held.DecidedAt = clock.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return Result<Guid>.Ok(held.Id);
        });

        if (!result.Succeeded)
        {
            return new Result<HeldDeprovisioningView>(result.Kind, null, result.Field, result.Error);
        }

        return Result<HeldDeprovisioningView>.Ok(await ViewAsync(heldId, cancellationToken));
    }

    /// <summary>Applies or discards the held action, gives its activity rows their outcome and reports its failures.</summary>
    private async Task DecideHeldAsync(HeldDeprovisioning held, bool apply, AuditActor actor, CancellationToken cancellationToken)
    {
        var admin = actor.Label;
        if (!apply)
        {
            await AuditAsync(held, actor, AuditActions.HeldDeprovisioningDiscarded, cancellationToken);
            await activity.ResolveHeldAsync(held.OrganizationId, held.ScimUserId, ActivityOutcome.Skipped, $"Held, then discarded by {admin}.", cancellationToken);
            return;
        }

        var outcome = await ApplyHeldAsync(held, cancellationToken);
        await AuditAsync(held, actor, AuditActions.HeldDeprovisioningApplied, cancellationToken);
        var (result, detail) = outcome.Activity();
        await activity.ResolveHeldAsync(held.OrganizationId, held.ScimUserId, result,
            result == ActivityOutcome.Applied ? $"Held, then applied by {admin}." : $"Held, then {result.ToString().ToLowerInvariant()} when {admin} applied it: {detail}",
            cancellationToken);
        db.AddReports(outcome, clock.GetUtcNow());
    }

    /// <summary>Named as the member is now: an applied deletion has erased their name already.</summary>
    private async Task AuditAsync(HeldDeprovisioning held, AuditActor actor, string action, CancellationToken cancellationToken)
    {
        var member = await db.Accounts.Where(a => a.Id == held.AccountId).Select(a => a.Email ?? a.UserName).SingleOrDefaultAsync(cancellationToken);
        audit.Add(held.OrganizationId, actor, action, member ?? ErasedNames.DeletedUser(held.ScimUserId),
            held.Kind == DeprovisioningKind.Delete ? "Deletion" : "Deactivation", held.AccountId);
    }

    private async Task<ProvisioningOutcome> ApplyHeldAsync(HeldDeprovisioning held, CancellationToken cancellationToken)
    {
        var message = DeprovisioningGuard.EventOf(held);
        var reports = new FailureReports(DeterministicGuid.From(held.Id, "apply"), held.EventType, message, clock.GetUtcNow());
        var outcome = message switch
        {
            UserDeleted deleted => await users.DeleteAsync(deleted, reports, cancellationToken, guarded: false),
            IScimUserStateEvent state => await users.ApplyAsync(state, reports, cancellationToken, guarded: false),
            _ => throw new InvalidOperationException($"A held action cannot hold a {held.EventType}."),
        };
        guard.RecordApplied(held.OrganizationId, held.ScimUserId, held.Kind);
        return outcome;
    }
}
