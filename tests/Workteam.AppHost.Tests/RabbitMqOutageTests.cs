using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting.ApplicationModel;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Workteam.Contracts.Provisioning;

namespace Workteam.AppHost.Tests;

/// <summary>
/// While RabbitMQ is down SCIM keeps working and the outbox keeps every event; once it is back, all arrive and
/// Directory applies each once.
/// </summary>
[Collection(AppHostCollection.Name)]
public sealed class RabbitMqOutageTests
{
    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Scim_writes_during_a_rabbitmq_outage_are_all_published_when_it_returns()
    {
        await using var host = await RunningAppHost.StartAsync(RunningAppHost.NewDataPath(), CancellationToken);
        using var gateway = host.CreateGatewayClient();
        var admin = new AdminApi(gateway);
        var (organization, generated) = await admin.ProvisioningReadyAsync(CancellationToken);
        var scim = new ScimClient(gateway, generated.BaseUrl, generated.Token);
        var organizationId = organization.OrganizationId;
        var received = new ConcurrentDictionary<Guid, int>();
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit =>
        {
            rabbit.Host(new Uri(host.ConnectionStringAsync("messaging").GetAwaiter().GetResult()));
            rabbit.ReceiveEndpoint("outage-test-observer", endpoint =>
            {
                endpoint.Handler<UserProvisioned>(context => Count(context.MessageId));
                endpoint.Handler<UserDeactivated>(context => Count(context.MessageId));
                endpoint.Handler<GroupMembersAdded>(context => Count(context.MessageId));
            });
        });
        Task Count(Guid? messageId)
        {
            received.AddOrUpdate(messageId!.Value, 1, (_, n) => n + 1);
            return Task.CompletedTask;
        }

        await bus.StartAsync(CancellationToken);
        try
        {
            await scim.CreateUserAsync(CancellationToken);
            var commands = host.App.Services.GetRequiredService<ResourceCommandService>();
            Assert.True((await commands.ExecuteCommandAsync("messaging", KnownResourceCommands.StopCommand, CancellationToken)).Success);

            var group = await scim.CreateGroupAsync(CancellationToken);
            var users = new List<string>();
            for (var i = 0; i < 20; i++)
            {
                users.Add(await scim.CreateUserAsync(CancellationToken));
            }

            // Few enough that the mass-deprovisioning guard lets them through.
            foreach (var user in users.Take(3))
            {
                var disabled = await scim.PatchAsync($"/Users/{user}", """{"Operations":[{"op":"Replace","path":"active","value":"False"}]}""", CancellationToken);
                Assert.Equal(HttpStatusCode.OK, disabled.Status);
            }

            var members = string.Join(",", users.Select(u => $$"""{"value":"{{u}}"}"""));
            Assert.Equal(HttpStatusCode.NoContent, (await scim.PatchAsync($"/Groups/{group}", $$"""{"Operations":[{"op":"Add","path":"members","value":[{{members}}]}]}""", CancellationToken)).Status);
            Assert.True(await UnsentCountAsync(host, organizationId) >= 24, "the events written during the outage wait in the outbox");

            Assert.True((await commands.ExecuteCommandAsync("messaging", KnownResourceCommands.StartCommand, CancellationToken)).Success);
            await host.App.ResourceNotifications.WaitForResourceHealthyAsync("messaging", CancellationToken);

            var expected = await MessageIdsAsync(host, organizationId);
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
            while (DateTime.UtcNow < deadline && (await UnsentCountAsync(host, organizationId) > 0 || !expected.All(received.ContainsKey)))
            {
                await Task.Delay(250, CancellationToken);
            }

            var unsent = await UnsentCountAsync(host, organizationId);
            Assert.True(unsent == 0, $"{unsent} events still unsent 90 s after RabbitMQ returned. ScimApi's log ends:\n{LastLines(host.LogsOf("scimapi"), 60)}\nRabbitMQ's log ends:\n{LastLines(host.LogsOf("messaging"), 30)}");
            Assert.Equal(expected.Order(), received.Keys.Where(expected.Contains).Order());
            await AssertDirectoryMatchesAsync(admin, organization, users, group);
        }
        finally
        {
            await bus.StopAsync(CancellationToken);
        }
    }

    private static string LastLines(string text, int count) => string.Join('\n', text.Split('\n').TakeLast(count));

    /// <summary>Directory applied every event once: one account per user, the disabled ones suspended, all in the team.</summary>
    private static async Task AssertDirectoryMatchesAsync(AdminApi admin, AdminApi.SignedUpOrganization organization, List<string> users, string group)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var accounts = (await admin.ListAllAsync(organization, "accounts?managed=true", CancellationToken))
                .Select(a => (Id: a.GetProperty("scimUserId").GetString()!, Status: a.GetProperty("status").GetString()))
                .ToList();
            var team = (await admin.TeamsWithMembersAsync(organization, CancellationToken))
                .SingleOrDefault(t => t.Team.GetProperty("scimGroupId").GetString() == group);
            var members = team.Members is { } found
                ? found.Select(m => m.GetProperty("scimUserId").GetString()!).Order().ToList()
                : [];
            var suspended = accounts.Where(a => a.Status == "Suspended").Select(a => a.Id).Order().ToList();
            if (accounts.Count == users.Count + 1 && members.SequenceEqual(users.Order()) && suspended.SequenceEqual(users.Take(3).Order()))
            {
                Assert.Equal(accounts.Count, accounts.Select(a => a.Id).Distinct().Count());
                return;
            }

            Assert.True(DateTime.UtcNow < deadline,
                $"Directory has {accounts.Count} provisioned accounts ({suspended.Count} suspended) and {members.Count} team members; expected {users.Count + 1}, 3 and {users.Count}.");
            await Task.Delay(250, CancellationToken);
        }
    }

    private static async Task<long> UnsentCountAsync(RunningAppHost host, Guid organizationId) =>
        (long)(await QueryAsync(host, organizationId, "SELECT count(*) FROM outbox_messages WHERE sent_at IS NULL AND payload->>'organizationId' = @organization"))[0];

    /// <summary>The events this test observes (failure reports and group creation go elsewhere).</summary>
    private static async Task<List<Guid>> MessageIdsAsync(RunningAppHost host, Guid organizationId) =>
        [.. (await QueryAsync(host, organizationId, """
            SELECT message_id FROM outbox_messages WHERE payload->>'organizationId' = @organization
            AND (message_type LIKE '%.UserProvisioned' OR message_type LIKE '%.UserDeactivated' OR message_type LIKE '%.GroupMembersAdded')
            """)).Cast<Guid>()];

    private static async Task<List<object>> QueryAsync(RunningAppHost host, Guid organizationId, string sql)
    {
        await using var connection = new NpgsqlConnection(await host.ConnectionStringAsync("scimdb"));
        await connection.OpenAsync(CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("organization", organizationId.ToString());
        var values = new List<object>();
        await using var reader = await command.ExecuteReaderAsync(CancellationToken);
        while (await reader.ReadAsync(CancellationToken))
        {
            values.Add(reader.GetValue(0));
        }

        return values;
    }
}
