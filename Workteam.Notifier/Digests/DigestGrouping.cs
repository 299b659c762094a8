using Microsoft.EntityFrameworkCore;
using Workteam.Contracts;
using Workteam.Notifier.Data;

namespace Workteam.Notifier.Digests;

/// <summary>Finds the organizations whose failures wait for a digest and groups them into one, in one transaction.</summary>
public sealed class DigestGrouping(NotifierDbContext db)
{
    public Task<List<Guid>> OrganizationsWithPendingFailuresAsync(CancellationToken cancellationToken) =>
        db.ReceivedFailures.Where(f => f.DigestId == null).Select(f => f.OrganizationId).Distinct().ToListAsync(cancellationToken);

    public async Task<bool> IsDueAsync(Guid organizationId, DateTimeOffset now, TimeSpan window, CancellationToken cancellationToken)
    {
        var digests = db.FailureDigests.Where(d => d.OrganizationId == organizationId);
        var hasUnsent = await digests.AnyAsync(d => d.SentAt == null, cancellationToken);
        var lastSentAt = await digests.MaxAsync(d => d.SentAt, cancellationToken);
        return DigestSchedule.IsDue(lastSentAt, hasUnsent, now, window);
    }

    /// <summary>
    /// Creates the organization's digest when one is due and assigns it every pending failure with one UPDATE (the
    /// failures are never loaded), or returns null. Several Notifier instances group one organization one at a time
    /// (advisory lock), so the window holds between them too.
    /// </summary>
    public async Task<FailureDigest?> TryCreateAsync(
        Guid organizationId, OrganizationNotificationTarget target, string recipient, DateTimeOffset now, TimeSpan window, CancellationToken cancellationToken)
    {
        // The retrying execution strategy runs the whole transaction again after a transient error.
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.Database.ExecuteSqlInterpolatedAsync(
                $"SELECT pg_advisory_xact_lock(hashtextextended({organizationId.ToString()}, 0))", cancellationToken);
            if (!await IsDueAsync(organizationId, now, window, cancellationToken))
            {
                return null;
            }

            var digest = new FailureDigest
            {
                Id = Guid.CreateVersion7(now),
                OrganizationId = organizationId,
                OrganizationName = target.Name,
                Recipient = recipient,
                CreatedAt = now,
                NextAttemptAt = now,
            };
            db.FailureDigests.Add(digest);
            await db.SaveChangesAsync(cancellationToken);
            var covered = await db.ReceivedFailures
                .Where(f => f.OrganizationId == organizationId && f.DigestId == null)
                .ExecuteUpdateAsync(set => set.SetProperty(f => f.DigestId, digest.Id), cancellationToken);
            if (covered == 0)
            {
                // Pruned meanwhile: no digest without failures.
                await transaction.RollbackAsync(cancellationToken);
                return null;
            }

            await transaction.CommitAsync(cancellationToken);
            return digest;
        });
    }
}
