using System.Diagnostics;
using Npgsql;

namespace Workteam.AppHost.Tests;

[Collection(AppHostCollection.Name)]
public sealed class RestartTests
{
    [Fact]
    public async Task Data_survives_restarts_and_a_killed_postgres_does_not_stop_the_next_start()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var dataPath = RunningAppHost.NewDataPath();
        var marker = $"written before restart {Guid.NewGuid()}";

        await using (var first = await RunningAppHost.StartAsync(dataPath, cancellationToken))
        {
            await ExecuteAsync(first, "CREATE TABLE restart_marker (value text NOT NULL)", cancellationToken);
            await ExecuteAsync(first, $"INSERT INTO restart_marker VALUES ('{marker}')", cancellationToken);
        }

        var pidFile = Path.Combine(dataPath, "postgres", "cluster", "postmaster.pid");
        await using (var second = await RunningAppHost.StartAsync(dataPath, cancellationToken))
        {
            Assert.Equal(marker, await ReadMarkerAsync(second, cancellationToken));

            using var postmaster = Process.GetProcessById(int.Parse(File.ReadLines(pidFile).First()));
            postmaster.Kill(); // SIGKILL: no shutdown, postmaster.pid stays behind
            await postmaster.WaitForExitAsync(cancellationToken);
        }

        Assert.True(File.Exists(pidFile), "a killed postgres leaves a stale postmaster.pid");
        await using (var third = await RunningAppHost.StartAsync(dataPath, cancellationToken))
        {
            Assert.Equal(marker, await ReadMarkerAsync(third, cancellationToken));
        }
    }

    private static async Task ExecuteAsync(RunningAppHost host, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(await host.ConnectionStringAsync("scimdb"));
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<string?> ReadMarkerAsync(RunningAppHost host, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(await host.ConnectionStringAsync("scimdb"));
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT value FROM restart_marker", connection);
        return (string?)await command.ExecuteScalarAsync(cancellationToken);
    }
}
