using System.Net;
using Npgsql;

namespace Workteam.AppHost.Tests;

/// <summary>
/// Every SCIM change commits with the lifecycle events that describe it; a refused request adds none, only a
/// failure report.
/// </summary>
[Collection(SharedAppHostCollection.Name)]
public sealed class ScimOutboxTests(SharedAppHost shared)
{
    private readonly HttpClient _gateway = shared.Host.CreateGatewayClient();
    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Each_change_writes_its_events_with_increasing_versions_and_refused_requests_only_a_failure_report()
    {
        var scim = await ScimClient.ForNewOrganizationAsync(_gateway, CancellationToken);
        var user = await scim.CreateUserAsync(CancellationToken, "outbox@contoso.test");
        var group = await scim.CreateGroupAsync(CancellationToken);
        const string Disable = """{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","path":"active","value":"False"}]}""";
        Assert.Equal(HttpStatusCode.OK, (await scim.PatchAsync($"/Users/{user}", Disable, CancellationToken)).Status);
        Assert.Equal(HttpStatusCode.OK, (await scim.PatchAsync($"/Users/{user}", Disable, CancellationToken)).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await scim.PatchAsync($"/Groups/{group}", $$"""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Add","path":"members","value":[{"value":"{{user}}"}]}]}""", CancellationToken)).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await scim.PostAsync("/Users", """{"userName":"OUTBOX@contoso.test"}""", CancellationToken)).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await scim.PatchAsync($"/Users/{user}", """{"Operations":[{"op":"replace","path":"title","value":"x"},{"op":"jump","path":"title"}]}""", CancellationToken)).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await scim.DeleteAsync($"/Users/{user}", CancellationToken)).Status);

        var events = await EventsAsync(Guid.Parse(scim.BaseUrl[^36..]));

        Assert.Equal(
            [
                ("UserProvisioned", user, 1L),
                ("GroupCreated", group, 1L),
                ("UserDeactivated", user, 2L),
                ("GroupMembersAdded", group, 2L),
                ("UserDeleted", user, 3L),
            ],
            events.Select(e => (e.Type, e.ResourceId, e.Version)));
        Assert.Contains(user, events.Single(e => e.Type == "GroupMembersAdded").Payload);

        var failures = await FailuresAsync(Guid.Parse(scim.BaseUrl[^36..]));
        Assert.Equal([("POST /Users", "OUTBOX@contoso.test", 409), ($"PATCH /Users/{user}", user, 400)], failures.Select(f => (f.Operation, f.Subject, f.Status)));
        Assert.Contains("userName", failures[0].Reason);

        // The second disable changed nothing: it is recorded as such, for the provisioning activity.
        Assert.Equal([($"PATCH /Users/{user}", user, 200)], (await FailuresAsync(Guid.Parse(scim.BaseUrl[^36..]), "ScimWriteUnchanged")).Select(f => (f.Operation, f.Subject, f.Status)));
    }

    private async Task<List<(string Operation, string? Subject, int Status, string? Reason)>> FailuresAsync(Guid organizationId, string type = "ProvisioningFailed")
    {
        await using var connection = new NpgsqlConnection(await shared.Host.ConnectionStringAsync("scimdb"));
        await connection.OpenAsync(CancellationToken);
        await using var command = new NpgsqlCommand("""
            SELECT payload->>'operation', payload->>'subject', (payload->>'status')::int, payload->>'reason' FROM outbox_messages
            WHERE payload->>'organizationId' = @organization AND message_type LIKE '%.' || @type ORDER BY id
            """, connection);
        command.Parameters.AddWithValue("organization", organizationId.ToString());
        command.Parameters.AddWithValue("type", type);
        var failures = new List<(string, string?, int, string?)>();
        await using var reader = await command.ExecuteReaderAsync(CancellationToken);
        while (await reader.ReadAsync(CancellationToken))
        {
            failures.Add((reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetInt32(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
        }

        return failures;
    }

    private async Task<List<(string Type, string ResourceId, long Version, string Payload)>> EventsAsync(Guid organizationId)
    {
        await using var connection = new NpgsqlConnection(await shared.Host.ConnectionStringAsync("scimdb"));
        await connection.OpenAsync(CancellationToken);
        await using var command = new NpgsqlCommand("""
            SELECT message_type, payload->>'resourceId', (payload->>'version')::bigint, payload::text FROM outbox_messages
            WHERE payload->>'organizationId' = @organization AND message_type NOT LIKE '%.ProvisioningFailed'
              AND message_type NOT LIKE '%.ScimWriteUnchanged' ORDER BY id
            """, connection);
        command.Parameters.AddWithValue("organization", organizationId.ToString());
        var events = new List<(string, string, long, string)>();
        await using var reader = await command.ExecuteReaderAsync(CancellationToken);
        while (await reader.ReadAsync(CancellationToken))
        {
            events.Add((reader.GetString(0).Split('.')[^1], reader.GetString(1), reader.GetInt64(2), reader.GetString(3)));
        }

        return events;
    }
}
