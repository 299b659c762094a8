using System.Collections.Concurrent;
using MassTransit;
using Npgsql;
using Workteam.Contracts.Provisioning;

namespace Workteam.AppHost.Tests;

/// <summary>The outbox relay publishes committed SCIM changes to RabbitMQ, with the outbox row's id as message id.</summary>
[Collection(SharedAppHostCollection.Name)]
public sealed class ScimOutboxRelayTests(SharedAppHost shared)
{
    private readonly HttpClient _gateway = shared.Host.CreateGatewayClient();
    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Committed_changes_reach_rabbitmq_and_are_marked_sent()
    {
        var received = new ConcurrentQueue<(Guid? MessageId, IScimResourceEvent Event)>();
        var messaging = new Uri(await shared.Host.ConnectionStringAsync("messaging"));
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit =>
        {
            rabbit.Host(messaging);
            rabbit.ReceiveEndpoint($"outbox-relay-test-{Guid.NewGuid():N}", endpoint =>
            {
                endpoint.AutoDelete = true;
                endpoint.Durable = false;
                endpoint.Handler<UserProvisioned>(context => Record(context.MessageId, context.Message));
                endpoint.Handler<UserDeactivated>(context => Record(context.MessageId, context.Message));
            });
        });
        Task Record(Guid? id, IScimResourceEvent message)
        {
            received.Enqueue((id, message));
            return Task.CompletedTask;
        }

        await bus.StartAsync(CancellationToken);
        try
        {
            var scim = await ScimClient.ForNewOrganizationAsync(_gateway, CancellationToken);
            var user = Guid.Parse(await scim.CreateUserAsync(CancellationToken));
            await scim.PatchAsync($"/Users/{user}", """{"Operations":[{"op":"Replace","path":"active","value":"False"}]}""", CancellationToken);

            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (received.Count(r => r.Event.ResourceId == user) < 2 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50, CancellationToken);
            }

            var events = received.Where(r => r.Event.ResourceId == user).OrderBy(r => r.Event.Version).ToList();
            Assert.Equal([typeof(UserProvisioned), typeof(UserDeactivated)], events.Select(e => e.Event.GetType()));
            Assert.False(((UserDeactivated)events[1].Event).Profile.Active);
            Assert.Equal(await SentMessageIdsAsync(user), events.Select(e => e.MessageId!.Value).ToList());
        }
        finally
        {
            await bus.StopAsync(CancellationToken);
        }
    }

    private async Task<List<Guid>> SentMessageIdsAsync(Guid resourceId)
    {
        await using var connection = new NpgsqlConnection(await shared.Host.ConnectionStringAsync("scimdb"));
        await connection.OpenAsync(CancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT message_id FROM outbox_messages WHERE payload->>'resourceId' = @id AND sent_at IS NOT NULL ORDER BY id", connection);
        command.Parameters.AddWithValue("id", resourceId.ToString());
        var ids = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(CancellationToken);
        while (await reader.ReadAsync(CancellationToken))
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }
}
