using Microsoft.EntityFrameworkCore;
using Workteam.Directory.Data;

namespace Workteam.Directory.Activity;

/// <summary>The Current status card: how provisioning from Entra is going right now.</summary>
public sealed record ProvisioningStatusView(
    DateTimeOffset? LastContactAt,
    int ChangesLast24Hours,
    int FailuresLast24Hours,
    ActivityItem? LastFailure,
    int HeldDeprovisionings,
    int Pending,
    DateTimeOffset? LastWriteAt,
    bool CaughtUp);

public sealed class ProvisioningStatus(DirectoryDbContext db, ActivityQueries activity, TimeProvider clock)
{
    /// <summary>
    /// Directory is caught up when nothing it received waits for a retry and it has recorded a change at least as new
    /// as the start of the latest write the gateway saw succeed (every change a write causes is committed after it started).
    /// </summary>
    public async Task<ProvisioningStatusView> GetAsync(Guid organizationId, CancellationToken cancellationToken)
    {
        var since = clock.GetUtcNow().AddDays(-1);
        var rows = db.ProvisioningActivity.AsNoTracking().Where(a => a.OrganizationId == organizationId);
        var lastContact = await db.ScimTokens.AsNoTracking().Where(t => t.OrganizationId == organizationId).MaxAsync(t => t.LastUsedAt, cancellationToken);
        var changes = await rows.CountAsync(a => a.At >= since, cancellationToken);
        var failures = await rows.CountAsync(a => a.At >= since && (a.Outcome == ActivityOutcome.Failed || a.Outcome == ActivityOutcome.Refused), cancellationToken);
        var lastFailure = (await activity.ListAsync(organizationId, new PageRequest(1, null, null, null, null), failuresOnly: true, cancellationToken)).Items;
        var held = await db.HeldDeprovisionings.CountAsync(h => h.OrganizationId == organizationId && h.Status == HeldDeprovisioningStatus.Pending, cancellationToken);
        var pending = await rows.CountAsync(a => a.Outcome == ActivityOutcome.Pending, cancellationToken);
        var lastWrite = await db.Organizations.AsNoTracking().Where(o => o.Id == organizationId).Select(o => o.LastScimWriteAt).SingleOrDefaultAsync(cancellationToken);
        var latestRecorded = lastWrite is null ? null : await rows.Where(a => a.Source != ActivitySource.Gateway).MaxAsync(a => (DateTimeOffset?)a.At, cancellationToken);
        return new ProvisioningStatusView(
            lastContact, changes, failures, lastFailure.FirstOrDefault(), held, pending, lastWrite,
            CaughtUp: pending == 0 && (lastWrite is null || latestRecorded >= lastWrite));
    }
}
