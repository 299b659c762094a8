using Npgsql;

namespace Workteam.AppHost.Tests;

/// <summary>
/// Notifier keeps sent digests with their failures, and failures waiting for a digest, for 30 days (the shared host
/// prunes every second): older rows go, younger ones and unsent digests stay.
/// </summary>
[Collection(SharedAppHostCollection.Name)]
public sealed class NotifierRetentionTests(SharedAppHost shared)
{
    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Sent_digests_and_waiting_failures_older_than_the_retention_are_deleted_and_the_rest_kept()
    {
        // An organization Directory does not know: its waiting failures get no digest.
        var organizationId = Guid.NewGuid();
        var (oldDigest, youngDigest, unsentDigest) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var (oldSent, youngSent, oldWaiting, youngWaiting, oldUnsent) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await using var database = new NpgsqlConnection(await shared.Host.ConnectionStringAsync("notifierdb"));
        await database.OpenAsync(CancellationToken);
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO failure_digests (id, organization_id, organization_name, recipient, created_at, sent_at, attempts, next_attempt_at)
            VALUES (@oldDigest, @organization, 'Contoso', 'it@example.test', now() - interval '31 days', now() - interval '31 days', 0, now()),
                   (@youngDigest, @organization, 'Contoso', 'it@example.test', now() - interval '29 days', now() - interval '29 days', 0, now()),
                   -- Unsent for 40 days (the SMTP server refuses it), not due before tomorrow.
                   (@unsentDigest, @organization, 'Contoso', 'it@example.test', now() - interval '40 days', NULL, 99, now() + interval '1 day');
            INSERT INTO received_failures (message_id, organization_id, occurred_at, operation, status, reason, received_at, digest_id)
            SELECT f.id, @organization, f.received_at, 'POST /Users', 409, 'taken', f.received_at, f.digest_id
            FROM (VALUES (@oldSent, now() - interval '31 days', @oldDigest), (@youngSent, now() - interval '29 days', @youngDigest),
                         (@oldWaiting, now() - interval '31 days', NULL), (@youngWaiting, now() - interval '29 days', NULL),
                         (@oldUnsent, now() - interval '40 days', @unsentDigest)) AS f (id, received_at, digest_id);
            """, database))
        {
            foreach (var (name, value) in new[] { ("organization", organizationId), ("oldDigest", oldDigest), ("youngDigest", youngDigest),
                ("unsentDigest", unsentDigest), ("oldSent", oldSent), ("youngSent", youngSent), ("oldWaiting", oldWaiting),
                ("youngWaiting", youngWaiting), ("oldUnsent", oldUnsent) })
            {
                insert.Parameters.AddWithValue(name, value);
            }

            await insert.ExecuteNonQueryAsync(CancellationToken);
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (await CountAsync(database, "failure_digests", "id", oldDigest) + await CountAsync(database, "received_failures", "message_id", oldSent, oldWaiting) > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "The digest sent 31 days ago, its failure or the failure waiting for 31 days is still there 20 s later.");
            await Task.Delay(200, CancellationToken);
        }

        Assert.Equal(2, await CountAsync(database, "failure_digests", "id", youngDigest, unsentDigest));
        Assert.Equal(3, await CountAsync(database, "received_failures", "message_id", youngSent, youngWaiting, oldUnsent));
    }

    private static async Task<long> CountAsync(NpgsqlConnection database, string table, string key, params Guid[] ids)
    {
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM {table} WHERE {key} = ANY(@ids)", database);
        command.Parameters.AddWithValue("ids", ids);
        return (long)(await command.ExecuteScalarAsync(CancellationToken))!;
    }
}
