using Microsoft.EntityFrameworkCore;
using Workteam.Directory.Data;

namespace Workteam.Directory.Provisioning;

/// <summary>
/// Applies a message at most once: its effect and its <see cref="ProcessedMessage"/> row commit in one
/// transaction, under a lock on the SCIM resource so events of one user or group are applied one at a time.
/// </summary>
public sealed class ProvisioningInbox(DirectoryDbContext db, TimeProvider clock)
{
    /// <summary>
    /// Runs <paramref name="apply"/> and then <paramref name="beforeCommit"/> in one transaction unless the message
    /// was already processed; answers whether it ran.
    /// </summary>
    public Task<bool> RunOnceAsync<T>(
        Guid messageId,
        string messageType,
        Guid resourceId,
        Func<CancellationToken, Task<T>> apply,
        Func<T, Task> beforeCommit,
        CancellationToken cancellationToken) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await LockAsync(db, resourceId, cancellationToken);
            if (await db.ProcessedMessages.AnyAsync(m => m.MessageId == messageId, cancellationToken))
            {
                return false;
            }

            // Added first, so that the effect's own SaveChanges writes it in the same round trip.
            db.ProcessedMessages.Add(new ProcessedMessage { MessageId = messageId, MessageType = messageType, ProcessedAt = clock.GetUtcNow() });
            var outcome = await apply(cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await beforeCommit(outcome);
            await transaction.CommitAsync(cancellationToken);
            return true;
        });

    /// <summary>Holds the SCIM resource's lock until the current transaction ends.</summary>
    public static Task LockAsync(DirectoryDbContext db, Guid resourceId, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({LockKey(resourceId)})", cancellationToken);

    /// <summary>SCIM ids are random, so their first 8 bytes make a well-spread advisory lock key.</summary>
    private static long LockKey(Guid resourceId) => BitConverter.ToInt64(resourceId.ToByteArray(), 0);
}
