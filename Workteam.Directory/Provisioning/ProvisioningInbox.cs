using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Workteam.Directory.Data;

namespace Workteam.Directory.Provisioning;

/// <summary>A consumed message as the inbox records it; <paramref name="CommittedAt"/> is when ScimApi committed the change, for its lag.</summary>
public sealed record InboxMessage(Guid MessageId, string MessageType, Guid ResourceId, DateTimeOffset? CommittedAt = null);

/// <summary>
/// Applies messages at most once: their effects and their <see cref="ProcessedMessage"/> rows commit in one
/// transaction, under a lock on each SCIM resource so events of one user or group are applied one at a time.
/// </summary>
public sealed class ProvisioningInbox(DirectoryDbContext db, ProvisioningMetrics metrics, TimeProvider clock)
{
    /// <summary>
    /// Runs <paramref name="apply"/> and then <paramref name="beforeCommit"/> in one transaction unless the message
    /// was already processed; answers whether it ran.
    /// </summary>
    public async Task<bool> RunOnceAsync<T>(
        InboxMessage message, Func<CancellationToken, Task<T>> apply, Func<T, Task> beforeCommit, CancellationToken cancellationToken) =>
        (await RunOnceAsync([message], (_, token) => apply(token), outcomes => outcomes.Count == 0 ? Task.CompletedTask : beforeCommit(outcomes[0]),
            cancellationToken))[0];

    /// <summary>
    /// Runs <paramref name="apply"/> for each message not processed before, in order, then <paramref name="beforeCommit"/>
    /// with their outcomes (whatever it adds to the context is saved too), all in one transaction: one lock statement, one look-up of processed messages and one
    /// commit for the whole batch. <paramref name="prepare"/>, when given, runs first in each attempt of the
    /// transaction, under the locks and with the change tracker cleared. Answers, for each message, whether it ran.
    /// </summary>
    public async Task<bool[]> RunOnceAsync<T>(
        IReadOnlyList<InboxMessage> messages,
        Func<int, CancellationToken, Task<T>> apply,
        Func<IReadOnlyList<T>, Task> beforeCommit,
        CancellationToken cancellationToken,
        Func<CancellationToken, Task>? prepare = null)
    {
        var (ran, outcomes) = await RunInTransactionAsync(messages, apply, beforeCommit, prepare, cancellationToken);
        RecordLags(messages, ran, outcomes);
        return ran;
    }

    private Task<(bool[] Ran, List<T> Outcomes)> RunInTransactionAsync<T>(
        IReadOnlyList<InboxMessage> messages,
        Func<int, CancellationToken, Task<T>> apply,
        Func<IReadOnlyList<T>, Task> beforeCommit,
        Func<CancellationToken, Task>? prepare,
        CancellationToken cancellationToken) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await LockAllAsync(messages.Select(m => m.ResourceId), cancellationToken);
            var ids = messages.Select(m => m.MessageId).ToList();
            var seen = (await db.ProcessedMessages.Where(m => ids.Contains(m.MessageId)).Select(m => m.MessageId).ToListAsync(cancellationToken)).ToHashSet();
            if (prepare is not null)
            {
                await prepare(cancellationToken);
            }

            var ran = new bool[messages.Count];
            var outcomes = new List<T>(messages.Count);
            for (var i = 0; i < messages.Count; i++)
            {
                // A message delivered twice may come twice in one batch.
                if (!seen.Add(messages[i].MessageId))
                {
                    continue;
                }

                // Added first, so that the effect's own SaveChanges writes it in the same round trip.
                db.ProcessedMessages.Add(new ProcessedMessage { MessageId = messages[i].MessageId, MessageType = messages[i].MessageType, ProcessedAt = clock.GetUtcNow() });
                outcomes.Add(await apply(i, cancellationToken));
                ran[i] = true;
            }

            await db.SaveChangesAsync(cancellationToken);
            await beforeCommit(outcomes);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return (ran, outcomes);
        });

    /// <summary>The outcomes are those of the messages that ran, in order.</summary>
    private void RecordLags<T>(IReadOnlyList<InboxMessage> messages, bool[] ran, List<T> outcomes)
    {
        var outcome = 0;
        for (var i = 0; i < messages.Count; i++)
        {
            if (ran[i] && messages[i].CommittedAt is { } committedAt)
            {
                metrics.Applied(messages[i].MessageType, committedAt, outcomes[outcome] is ProvisioningOutcome { RevokedAccess: true });
            }

            outcome += ran[i] ? 1 : 0;
        }
    }

    /// <summary>Holds the SCIM resource's lock until the current transaction ends.</summary>
    public static Task LockAsync(DirectoryDbContext db, Guid resourceId, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({LockKey(resourceId)})", cancellationToken);

    /// <summary>
    /// Takes the locks of all the resources in one statement, in ascending key order, so that two batches sharing
    /// resources wait for each other instead of deadlocking.
    /// </summary>
    private Task LockAllAsync(IEnumerable<Guid> resourceIds, CancellationToken cancellationToken) => LockAllAsync(db, resourceIds, cancellationToken);

    /// <inheritdoc cref="LockAllAsync(IEnumerable{Guid}, CancellationToken)"/>
    public static Task LockAllAsync(DirectoryDbContext db, IEnumerable<Guid> resourceIds, CancellationToken cancellationToken)
    {
        var keys = new NpgsqlParameter("keys", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = resourceIds.Select(LockKey).Distinct().Order().ToArray() };
        return db.Database.ExecuteSqlRawAsync("SELECT count(pg_advisory_xact_lock(k)) FROM unnest(@keys) AS k", [keys], cancellationToken);
    }

    /// <summary>
    /// The advisory lock key of a SCIM resource: the last 8 bytes of its id. SCIM ids are UUIDv7, whose first 8 bytes
    /// are mostly a millisecond timestamp (ids created together would share a lock) and whose last 8 bytes are 62
    /// random bits and the variant.
    /// </summary>
    public static long LockKey(Guid resourceId)
    {
        Span<byte> bytes = stackalloc byte[16];
        resourceId.TryWriteBytes(bytes, bigEndian: true, out _);
        return BitConverter.ToInt64(bytes[8..]);
    }
}
