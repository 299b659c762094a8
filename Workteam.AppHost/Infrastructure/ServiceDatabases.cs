using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Workteam.AppHost.Infrastructure;

/// <summary>
/// A service's own database on the shared PostgreSQL server, reached as the service's own role (named after the
/// database), which owns that database and nothing else. The server's connection string stays the superuser's.
/// </summary>
public sealed class ServiceDatabaseResource(
    string name, string databaseName, IResourceWithConnectionString server, EndpointReference endpoint, ParameterResource password)
    : Resource(name), IResourceWithParent<IResourceWithConnectionString>, IResourceWithConnectionString
{
    public IResourceWithConnectionString Parent { get; } = server;

    public string DatabaseName { get; } = databaseName;

    public string Role => DatabaseName;

    public ParameterResource Password { get; } = password;

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host={endpoint.Property(EndpointProperty.Host)};Port={endpoint.Property(EndpointProperty.Port)};Username={Role};Password={Password};Database={DatabaseName}");
}

public static class ServiceDatabaseBuilderExtensions
{
    /// <summary>How long one statement of a service may run before PostgreSQL cancels it (a TimeSpan; 30 s by default).</summary>
    public const string StatementTimeoutKey = "Workteam:Postgres:StatementTimeout";

    public static readonly TimeSpan DefaultStatementTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Adds the database <paramref name="databaseName"/> and its role. When the server is ready, the role and the
    /// database are created or brought back in line (see <see cref="ServiceDatabaseProvisioning"/>), so a data folder
    /// made before the services had roles of their own keeps working.
    /// </summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddServiceDatabase<TServer>(
        this IResourceBuilder<TServer> server, EndpointReference endpoint, string name, string databaseName, LocalPaths paths)
        where TServer : IResourceWithConnectionString
    {
        var builder = server.ApplicationBuilder;
        var statementTimeout = builder.Configuration.GetValue<TimeSpan?>(StatementTimeoutKey) ?? DefaultStatementTimeout;
        if (statementTimeout < TimeSpan.FromSeconds(1))
        {
            throw new InvalidOperationException($"{StatementTimeoutKey} must be at least one second; it is {statementTimeout}.");
        }

        var password = builder.AddParameter($"{name}-password", LocalSecrets.GetOrCreate(paths.DataRoot, $"postgres-{databaseName}-password"), secret: true);
        var database = new ServiceDatabaseResource(name, databaseName, server.Resource, endpoint, password.Resource);

        builder.Eventing.Subscribe<ResourceReadyEvent>(server.Resource, async (ready, cancellationToken) =>
        {
            var superuser = await server.Resource.GetConnectionStringAsync(cancellationToken)
                ?? throw new InvalidOperationException($"{server.Resource.Name} has no connection string.");
            var rolePassword = await password.Resource.GetValueAsync(cancellationToken)
                ?? throw new InvalidOperationException($"{password.Resource.Name} has no value.");
            await ServiceDatabaseProvisioning.ApplyAsync(superuser, databaseName, rolePassword, statementTimeout, cancellationToken);
            // The database has no process of its own: it runs once provisioned, and its health check takes over.
            await ready.Services.GetRequiredService<ResourceNotificationService>().PublishUpdateAsync(database, state => state with
            {
                State = KnownResourceStates.Running,
                StartTimeStamp = DateTime.UtcNow,
            });
        });

        var resource = builder.AddResource(database)
            .WithParentRelationship(server.Resource)
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "PostgresDatabase",
                State = KnownResourceStates.Waiting,
                Properties = [new(CustomResourceKnownProperties.Source, databaseName)],
            })
            .WithResourceHealthCheck(r => new PostgresHealthCheck(r));
        password.WithParentRelationship(resource);
        return (IResourceBuilder<IResourceWithConnectionString>)resource;
    }
}

/// <summary>
/// Idempotent SQL, run as the superuser at every start, that gives a service database its own role: LOGIN and no
/// other privilege, owner of the database and of every object in it, a statement timeout, and the database closed to
/// every other role (CONNECT revoked from PUBLIC; superusers still connect).
/// </summary>
public static class ServiceDatabaseProvisioning
{
    public static async Task ApplyAsync(
        string superuserConnectionString, string databaseName, string password, TimeSpan statementTimeout, CancellationToken cancellationToken)
    {
        var quote = new NpgsqlCommandBuilder();
        var role = quote.QuoteIdentifier(databaseName);
        var database = quote.QuoteIdentifier(databaseName);
        var roleLiteral = Literal(databaseName);

        var server = new NpgsqlConnectionStringBuilder(superuserConnectionString) { Pooling = false };
        await using (var connection = new NpgsqlConnection(server.ConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await ExecuteAsync(connection, $"""
                DO $$ BEGIN
                  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = {roleLiteral}) THEN CREATE ROLE {role}; END IF;
                END $$;
                ALTER ROLE {role} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT PASSWORD {Literal(password)};
                ALTER ROLE {role} SET statement_timeout = {(long)statementTimeout.TotalMilliseconds};
                """, cancellationToken);

            // CREATE DATABASE cannot run inside a DO block or a transaction.
            await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection)
            {
                Parameters = { new() { Value = databaseName } },
            };
            var created = await exists.ExecuteScalarAsync(cancellationToken) is not null;
            await ExecuteAsync(connection, created
                ? $"ALTER DATABASE {database} OWNER TO {role}"
                : $"CREATE DATABASE {database} OWNER {role}", cancellationToken);
            await ExecuteAsync(connection, $"REVOKE ALL ON DATABASE {database} FROM PUBLIC", cancellationToken);
        }

        // Objects a superuser made in the database (a data folder from before the roles) are handed to the role,
        // which applies the migrations and must own what they alter.
        server.Database = databaseName;
        await using (var connection = new NpgsqlConnection(server.ConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await ExecuteAsync(connection, HandOverObjects(role), cancellationToken);
        }
    }

    private static string HandOverObjects(string role) => $$"""
        DO $$
        DECLARE
          owner oid := '{{role}}'::regrole;
          item record;
        BEGIN
          FOR item IN
            SELECT format('ALTER SCHEMA %I OWNER TO {{role}}', n.nspname) AS statement
            FROM pg_namespace n
            WHERE n.nspowner <> owner AND n.nspname NOT IN ('public', 'information_schema') AND n.nspname NOT LIKE 'pg\_%'
            UNION ALL
            -- Tables, views and standalone sequences (a column's sequence follows its table).
            SELECT format('ALTER TABLE %s OWNER TO {{role}}', c.oid::regclass)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relowner <> owner AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
              AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\_%'
              AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                              AND d.deptype IN ('a', 'i', 'e'))
            UNION ALL
            SELECT format('ALTER ROUTINE %s OWNER TO {{role}}', p.oid::regprocedure)
            FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE p.proowner <> owner AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\_%'
              AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
            UNION ALL
            -- Enums, domains and ranges; the row types of tables follow their tables.
            SELECT format('ALTER TYPE %s OWNER TO {{role}}', t.oid::regtype)
            FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
            WHERE t.typowner <> owner AND t.typtype IN ('e', 'd', 'r') AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\_%'
              AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e')
          LOOP
            EXECUTE item.statement;
          END LOOP;
        END $$;
        """;

    private static string Literal(string value) => $"'{value.Replace("'", "''", StringComparison.Ordinal)}'";

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
