using Npgsql;

namespace Workteam.AppHost.Tests;

/// <summary>
/// Directory remembers each applied message for 30 days (the shared host prunes every second): older rows go,
/// younger ones stay and keep stopping duplicates.
/// </summary>
[Collection(SharedAppHostCollection.Name)]
public sealed class ProcessedMessagePruningTests(SharedAppHost shared)
{
    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Processed_messages_older_than_the_retention_are_deleted_and_younger_ones_kept()
    {
        await using var database = new NpgsqlConnection(await shared.Host.ConnectionStringAsync("directorydb"));
        await database.OpenAsync(CancellationToken);
        var old = Guid.NewGuid();
        var young = Guid.NewGuid();
        await using (var insert = new NpgsqlCommand(
            """
            INSERT INTO processed_messages (message_id, message_type, processed_at)
            VALUES (@old, 'Workteam.Contracts.UserCreated', now() - interval '31 days'),
                   (@young, 'Workteam.Contracts.UserCreated', now() - interval '29 days')
            """, database))
        {
            insert.Parameters.AddWithValue("old", old);
            insert.Parameters.AddWithValue("young", young);
            await insert.ExecuteNonQueryAsync(CancellationToken);
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (await ExistsAsync(database, old))
        {
            Assert.True(DateTime.UtcNow < deadline, "The 31-day-old processed message is still there 20 s later.");
            await Task.Delay(200, CancellationToken);
        }

        Assert.True(await ExistsAsync(database, young), "The 29-day-old processed message was deleted too.");
    }

    private static async Task<bool> ExistsAsync(NpgsqlConnection database, Guid messageId)
    {
        await using var command = new NpgsqlCommand("SELECT count(*) FROM processed_messages WHERE message_id = @id", database);
        command.Parameters.AddWithValue("id", messageId);
        return (long)(await command.ExecuteScalarAsync(CancellationToken))! == 1;
    }
}
