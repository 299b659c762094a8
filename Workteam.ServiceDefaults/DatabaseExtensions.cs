using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Microsoft.Extensions.Hosting;

public static class DatabaseExtensions
{
    /// <summary>Statements a connection keeps prepared: about what one service runs on its hot paths.</summary>
    public const int MaxAutoPreparedStatements = 64;

    /// <summary>
    /// The service's EF Core context on the PostgreSQL database named by the <paramref name="connectionName"/>
    /// connection string, with snake_case names. Statements a connection runs twice stay prepared, so PostgreSQL
    /// parses and plans the hot paths once per connection rather than once per request. A connection returned to
    /// the pool is not reset (six statements each time): Workteam's database code leaves no session state behind,
    /// only transaction-scoped locks and settings, and listens for notifications on connections of its own.
    /// </summary>
    public static void AddWorkteamDbContext<TContext>(
        this IHostApplicationBuilder builder, string connectionName, Action<DbContextOptionsBuilder>? configure = null)
        where TContext : DbContext
    {
        builder.AddNpgsqlDbContext<TContext>(
            connectionName,
            settings => settings.ConnectionString = Tuned(settings.ConnectionString),
            options =>
            {
                options.UseSnakeCaseNamingConvention();
                configure?.Invoke(options);
            });
    }

    /// <summary>
    /// Brings the service's database up to date. Replicas of a service start together: an advisory lock held for
    /// the migration makes them migrate one after the other, so the later ones find the work done instead of
    /// applying the same migration at the same time and crashing on its half-made tables. The service's role has a
    /// short statement timeout (the app host sets it); migrating, and waiting for another replica's migration, may
    /// take up to <see cref="MigrationStatementTimeoutMilliseconds"/> (10 minutes) per statement.
    /// </summary>
    public static async Task MigrateDatabaseAsync<TContext>(this IHost app)
        where TContext : DbContext
    {
        await using var scope = app.Services.CreateAsyncScope();
        var database = scope.ServiceProvider.GetRequiredService<TContext>().Database;
        // The client's own command timeout (30 s by default) would otherwise give up first.
        database.SetCommandTimeout(TimeSpan.FromMilliseconds(MigrationStatementTimeoutMilliseconds));
        await database.OpenConnectionAsync();
        try
        {
            await database.ExecuteSqlRawAsync($"SET statement_timeout = {MigrationStatementTimeoutMilliseconds}");
            await database.ExecuteSqlRawAsync($"SELECT pg_advisory_lock({MigrationLockKey})");
            await database.MigrateAsync();
        }
        finally
        {
            await database.ExecuteSqlRawAsync($"SELECT pg_advisory_unlock({MigrationLockKey})");
            // Pooled connections are not reset (NoResetOnClose): the role's own timeout must apply again.
            await database.ExecuteSqlRawAsync("RESET statement_timeout");
            await database.CloseConnectionAsync();
        }
    }

    /// <summary>A migration rewriting a large table takes longer than the statement timeout of the service's role.</summary>
    public const long MigrationStatementTimeoutMilliseconds = 10 * 60 * 1000;

    /// <summary>Any fixed key: advisory locks are per database, and each service has a database of its own.</summary>
    private const long MigrationLockKey = 0x576f726b7465616d; // "Workteam"

    private static string? Tuned(string? connectionString) =>
        connectionString is null
            ? null
            : new NpgsqlConnectionStringBuilder(connectionString)
            {
                MaxAutoPrepare = MaxAutoPreparedStatements,
                AutoPrepareMinUsages = 2,
                NoResetOnClose = true,
            }.ConnectionString;
}
