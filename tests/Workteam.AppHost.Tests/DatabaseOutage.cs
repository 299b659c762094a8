using Npgsql;

namespace Workteam.AppHost.Tests;

/// <summary>
/// One service's database unreachable, as the PostgreSQL superuser makes it: new connections are refused and the
/// open ones ended, while the server and the other databases stay up. Disposing lets connections in again.
/// </summary>
public sealed class DatabaseOutage : IAsyncDisposable
{
    private readonly string _superuser;
    private readonly string _database;

    private DatabaseOutage(string superuser, string database)
    {
        _superuser = superuser;
        _database = database;
    }

    public static async Task<DatabaseOutage> BeginAsync(RunningAppHost host, string databaseResource, CancellationToken cancellationToken)
    {
        var outage = new DatabaseOutage(
            await host.ConnectionStringAsync("postgres"), new NpgsqlConnectionStringBuilder(await host.ConnectionStringAsync(databaseResource)).Database!);
        await outage.ExecuteAsync($"ALTER DATABASE \"{outage._database}\" WITH ALLOW_CONNECTIONS false", cancellationToken);
        await outage.ExecuteAsync(
            $"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '{outage._database}' AND pid <> pg_backend_pid()", cancellationToken);
        return outage;
    }

    public async ValueTask DisposeAsync() =>
        await ExecuteAsync($"ALTER DATABASE \"{_database}\" WITH ALLOW_CONNECTIONS true", CancellationToken.None);

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(_superuser);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
