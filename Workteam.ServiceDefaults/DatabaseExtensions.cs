using Microsoft.EntityFrameworkCore;
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
