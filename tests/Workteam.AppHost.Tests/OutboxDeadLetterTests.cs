using Npgsql;

namespace Workteam.AppHost.Tests;

/// <summary>An outbox row that cannot be published is moved aside and the changes after it still reach Directory.</summary>
[Collection(SharedAppHostCollection.Name)]
public sealed class OutboxDeadLetterTests(SharedAppHost shared)
{
    private readonly HttpClient _gateway = shared.Host.CreateGatewayClient();
    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_row_the_relay_cannot_read_is_moved_aside_and_the_rows_after_it_are_published()
    {
        var admin = new AdminApi(_gateway);
        var (organization, token) = await admin.ProvisioningReadyAsync(CancellationToken);
        var scim = new ScimClient(_gateway, token.BaseUrl, token.Token);
        await using var connection = new NpgsqlConnection(await shared.Host.ConnectionStringAsync("scimdb"));
        await connection.OpenAsync(CancellationToken);
        var unknown = Guid.NewGuid();
        var unreadable = Guid.NewGuid();
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO outbox_messages (message_id, message_type, payload, created_at)
            VALUES (@unknown, 'Workteam.Contracts.Provisioning.NoSuchEvent', '{}', now()),
                   (@unreadable, 'Workteam.Contracts.Provisioning.UserProvisioned', '{"organizationId":"x"}', now())
            """, connection))
        {
            insert.Parameters.AddWithValue("unknown", unknown);
            insert.Parameters.AddWithValue("unreadable", unreadable);
            await insert.ExecuteNonQueryAsync(CancellationToken);
        }

        var user = await scim.CreateUserAsync(CancellationToken);
        await new ActivityLogApi(admin, organization).RowAsync(user, "Create user", CancellationToken);

        await using var read = new NpgsqlCommand("SELECT message_id, reason FROM outbox_dead_letters WHERE message_id IN (@unknown, @unreadable) ORDER BY id", connection);
        read.Parameters.AddWithValue("unknown", unknown);
        read.Parameters.AddWithValue("unreadable", unreadable);
        var moved = new List<(Guid Id, string Reason)>();
        await using (var reader = await read.ExecuteReaderAsync(CancellationToken))
        {
            while (await reader.ReadAsync(CancellationToken))
            {
                moved.Add((reader.GetGuid(0), reader.GetString(1)));
            }
        }

        Assert.Equal([unknown, unreadable], moved.Select(m => m.Id));
        Assert.Contains("unknown message type", moved[0].Reason);
        Assert.Contains("does not read as UserProvisioned", moved[1].Reason);
        await using var left = new NpgsqlCommand("SELECT count(*) FROM outbox_messages WHERE message_id IN (@unknown, @unreadable)", connection);
        left.Parameters.AddWithValue("unknown", unknown);
        left.Parameters.AddWithValue("unreadable", unreadable);
        Assert.Equal(0L, (long)(await left.ExecuteScalarAsync(CancellationToken))!);
    }
}
