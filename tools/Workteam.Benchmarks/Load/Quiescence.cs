using Npgsql;

namespace Workteam.Benchmarks.Load;

/// <summary>
/// Waits until the app has finished the work an earlier phase left behind (outbox relayed, Directory no longer
/// applying), so that each measured phase starts from the same idle app.
/// </summary>
public sealed class Quiescence(string scimConnectionString, string directoryConnectionString)
{
    public async Task WaitAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        long? lastApplied = null;
        var stableSince = DateTime.UtcNow;
        while (DateTime.UtcNow < deadline)
        {
            var unsent = await CountAsync(scimConnectionString, "SELECT count(*) FROM outbox_messages WHERE sent_at IS NULL");
            var applied = await CountAsync(directoryConnectionString, "SELECT count(*) FROM processed_messages");
            if (applied != lastApplied || unsent > 0)
            {
                lastApplied = applied;
                stableSince = DateTime.UtcNow;
            }
            else if (DateTime.UtcNow - stableSince > TimeSpan.FromSeconds(2))
            {
                return;
            }

            await Task.Delay(250);
        }

        Console.Error.WriteLine($"The app was still busy after {timeout.TotalSeconds:F0} s; measuring anyway.");
    }

    private static async Task<long> CountAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
