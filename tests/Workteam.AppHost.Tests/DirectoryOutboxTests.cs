using System.Text.Json;
using Npgsql;
using Workteam.Contracts.Provisioning;

namespace Workteam.AppHost.Tests;

/// <summary>
/// Directory's failure reports go through its outbox: written in the transaction of the change they report, so a
/// Directory that dies right after its commit leaves the report behind, and published by the relay from there.
/// </summary>
[Collection(SharedAppHostCollection.Name)]
public sealed class DirectoryOutboxTests(SharedAppHost shared)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly RunningAppHost _host = shared.Host;
    private readonly HttpClient _gateway = shared.Host.CreateGatewayClient();
    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_failure_report_is_committed_with_the_change_it_reports_and_relayed_to_notifier()
    {
        var admin = new AdminApi(_gateway);
        var (organization, token) = await admin.ProvisioningReadyAsync(CancellationToken);
        var scim = new ScimClient(_gateway, token.BaseUrl, token.Token);
        // "Owner" is no Workteam role: Directory provisions the member and reports the role it could not give.
        var userId = await scim.CreateUserAsync(CancellationToken, AdminApi.NewEmail("owner"), ""","roles":[{"value":"Owner"}]""");

        var report = await Wait.ForAsync(() => ReportAsync(organization.OrganizationId, $"UserProvisioned /Users/{userId}"),
            "Directory's outbox holds the report", Timeout, CancellationToken);
        Assert.Equal(400, report.Payload.GetProperty("status").GetInt32());
        var activity = await new ActivityLogApi(admin, organization).RowAsync(userId, "Create user", CancellationToken);
        Assert.Equal("Failed", activity.GetProperty("outcome").GetString());

        await Wait.UntilAsync(async () => await ReceivedByNotifierAsync(report.MessageId), "Notifier receives the report", Timeout, CancellationToken);
        Assert.NotNull((await ReportAsync(organization.OrganizationId, $"UserProvisioned /Users/{userId}"))!.SentAt);
    }

    [Fact]
    public async Task A_report_committed_but_not_yet_published_when_directory_died_is_published_by_the_relay()
    {
        var organization = await new AdminApi(_gateway).SignUpAsync(CancellationToken);
        var failure = new ProvisioningFailed(Guid.NewGuid(), organization.OrganizationId, DateTimeOffset.UtcNow, $"UserUpdated /Users/{Guid.NewGuid()}",
            "left.behind@contoso.test", 409, "Committed before the crash, never published.");
        // What a Directory that died between its commit and the publish leaves: an unsent outbox row.
        await using (var connection = await OpenAsync("directorydb"))
        {
            await using var insert = new NpgsqlCommand("""
                INSERT INTO outbox_messages (message_id, message_type, payload, created_at)
                VALUES (@id, @type, @payload::jsonb, now())
                """, connection);
            insert.Parameters.AddWithValue("id", failure.MessageId);
            insert.Parameters.AddWithValue("type", typeof(ProvisioningFailed).FullName!);
            insert.Parameters.AddWithValue("payload", JsonSerializer.Serialize(failure, JsonSerializerOptions.Web));
            await insert.ExecuteNonQueryAsync(CancellationToken);
        }

        await Wait.UntilAsync(async () => await ReceivedByNotifierAsync(failure.MessageId), "Notifier receives the report", Timeout, CancellationToken);
    }

    private sealed record OutboxRow(Guid MessageId, JsonElement Payload, DateTimeOffset? SentAt);

    private async Task<OutboxRow?> ReportAsync(Guid organizationId, string operation)
    {
        await using var connection = await OpenAsync("directorydb");
        await using var command = new NpgsqlCommand("""
            SELECT message_id, payload::text, sent_at FROM outbox_messages
            WHERE message_type = @type AND payload->>'organizationId' = @organization AND payload->>'operation' = @operation
            """, connection);
        command.Parameters.AddWithValue("type", typeof(ProvisioningFailed).FullName!);
        command.Parameters.AddWithValue("organization", organizationId.ToString());
        command.Parameters.AddWithValue("operation", operation);
        await using var reader = await command.ExecuteReaderAsync(CancellationToken);
        return await reader.ReadAsync(CancellationToken)
            ? new OutboxRow(reader.GetGuid(0), JsonDocument.Parse(reader.GetString(1)).RootElement.Clone(),
                reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2))
            : null;
    }

    private async Task<bool> ReceivedByNotifierAsync(Guid messageId)
    {
        await using var connection = await OpenAsync("notifierdb");
        await using var command = new NpgsqlCommand("SELECT count(*) FROM received_failures WHERE message_id = @id", connection);
        command.Parameters.AddWithValue("id", messageId);
        return (long)(await command.ExecuteScalarAsync(CancellationToken))! == 1;
    }

    private async Task<NpgsqlConnection> OpenAsync(string database)
    {
        var connection = new NpgsqlConnection(await _host.ConnectionStringAsync(database));
        await connection.OpenAsync(CancellationToken);
        return connection;
    }
}
