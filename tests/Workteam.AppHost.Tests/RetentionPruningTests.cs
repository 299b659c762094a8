using Npgsql;

namespace Workteam.AppHost.Tests;

/// <summary>
/// Directory keeps processed messages and expired sessions for 30 days, provisioning activity and audit entries for
/// 90 (the shared host prunes every second): older rows go, younger ones stay.
/// </summary>
[Collection(SharedAppHostCollection.Name)]
public sealed class RetentionPruningTests(SharedAppHost shared)
{
    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Processed_messages_older_than_the_retention_are_deleted_and_younger_ones_kept()
    {
        await using var database = await OpenDirectoryAsync();
        var (old, young) = (Guid.NewGuid(), Guid.NewGuid());
        await ExecuteAsync(database, """
            INSERT INTO processed_messages (message_id, message_type, processed_at)
            VALUES (@old, 'Workteam.Contracts.UserCreated', now() - interval '31 days'),
                   (@young, 'Workteam.Contracts.UserCreated', now() - interval '29 days')
            """, old, young);

        await AssertOldGoesAndYoungStaysAsync(database, "processed_messages", "message_id", old, young);
    }

    [Fact]
    public async Task Sessions_expired_longer_than_the_retention_are_deleted_and_the_rest_kept()
    {
        using var gateway = shared.Host.CreateGatewayClient();
        var admin = new AdminApi(gateway);
        var organization = await admin.SignUpAsync(CancellationToken);
        await using var database = await OpenDirectoryAsync();
        var (old, young) = (Guid.NewGuid(), Guid.NewGuid());
        await ExecuteAsync(database, """
            INSERT INTO sessions (id, account_id, token_hash, created_at, expires_at)
            SELECT s.id, a.id, sha256(s.id::text::bytea), s.expires_at - interval '14 days', s.expires_at
            FROM accounts a, (VALUES (@old, now() - interval '31 days'), (@young, now() - interval '29 days')) AS s (id, expires_at)
            WHERE a.normalized_email = upper(@email)
            """, old, young, ("email", organization.AdminEmail));

        await AssertOldGoesAndYoungStaysAsync(database, "sessions", "id", old, young);
        // The admin's own session, which has not expired, still works.
        using var me = await admin.SendAsync(HttpMethod.Get, "/api/me", organization.AccessToken, null, CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.OK, me.StatusCode);
    }

    [Fact]
    public async Task Provisioning_activity_and_audit_entries_older_than_90_days_are_deleted_and_younger_ones_kept()
    {
        using var gateway = shared.Host.CreateGatewayClient();
        var organization = await new AdminApi(gateway).SignUpAsync(CancellationToken);
        await using var database = await OpenDirectoryAsync();
        var (old, young) = (Guid.NewGuid(), Guid.NewGuid());
        await ExecuteAsync(database, """
            INSERT INTO provisioning_activity (id, organization_id, at, operation, status, outcome, source, recorded_at)
            SELECT r.id, @organization::uuid, r.at, 'Create user', 201, 'Applied', 'Event', r.at
            FROM (VALUES (@old, now() - interval '91 days'), (@young, now() - interval '89 days')) AS r (id, at)
            """, old, young, ("organization", organization.OrganizationId.ToString()));
        await AssertOldGoesAndYoungStaysAsync(database, "provisioning_activity", "id", old, young);

        (old, young) = (Guid.NewGuid(), Guid.NewGuid());
        await ExecuteAsync(database, """
            INSERT INTO audit_log (id, organization_id, at, actor, action)
            SELECT r.id, @organization::uuid, r.at, 'admin@contoso.test', 'AdminSignedIn'
            FROM (VALUES (@old, now() - interval '91 days'), (@young, now() - interval '89 days')) AS r (id, at)
            """, old, young, ("organization", organization.OrganizationId.ToString()));
        await AssertOldGoesAndYoungStaysAsync(database, "audit_log", "id", old, young);
    }

    private async Task<NpgsqlConnection> OpenDirectoryAsync()
    {
        var database = new NpgsqlConnection(await shared.Host.ConnectionStringAsync("directorydb"));
        await database.OpenAsync(CancellationToken);
        return database;
    }

    private static async Task ExecuteAsync(NpgsqlConnection database, string sql, Guid old, Guid young, (string Name, string Value)? extra = null)
    {
        await using var command = new NpgsqlCommand(sql, database);
        command.Parameters.AddWithValue("old", old);
        command.Parameters.AddWithValue("young", young);
        if (extra is { } parameter)
        {
            command.Parameters.AddWithValue(parameter.Name, parameter.Value);
        }

        Assert.Equal(2, await command.ExecuteNonQueryAsync(CancellationToken));
    }

    private static async Task AssertOldGoesAndYoungStaysAsync(NpgsqlConnection database, string table, string key, Guid old, Guid young)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (await ExistsAsync(database, table, key, old))
        {
            Assert.True(DateTime.UtcNow < deadline, $"The row past the retention of {table} is still there 20 s later.");
            await Task.Delay(200, CancellationToken);
        }

        Assert.True(await ExistsAsync(database, table, key, young), $"The row within the retention of {table} was deleted too.");
    }

    private static async Task<bool> ExistsAsync(NpgsqlConnection database, string table, string key, Guid id)
    {
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM {table} WHERE {key} = @id", database);
        command.Parameters.AddWithValue("id", id);
        return (long)(await command.ExecuteScalarAsync(CancellationToken))! == 1;
    }
}
