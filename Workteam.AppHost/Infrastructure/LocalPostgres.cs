using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Workteam.AppHost.Infrastructure;

/// <summary>PostgreSQL 15 run from the machine's install (see docs/decisions/0001-local-infrastructure-mode.md).</summary>
public sealed class LocalPostgresServerResource(string name, string workingDirectory, ParameterResource password)
    : ExecutableResource(name, "bash", workingDirectory), IResourceWithConnectionString
{
    public ParameterResource Password { get; } = password;

    public EndpointReference PrimaryEndpoint => new(this, "tcp");

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host={PrimaryEndpoint.Property(EndpointProperty.Host)};Port={PrimaryEndpoint.Property(EndpointProperty.Port)};Username=postgres;Password={Password}");

    public List<LocalPostgresDatabaseResource> Databases { get; } = [];
}

public sealed class LocalPostgresDatabaseResource(string name, string databaseName, LocalPostgresServerResource parent)
    : Resource(name), IResourceWithParent<LocalPostgresServerResource>, IResourceWithConnectionString
{
    public LocalPostgresServerResource Parent { get; } = parent;

    public string DatabaseName { get; } = databaseName;

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"{Parent};Database={DatabaseName}");
}

public static class LocalPostgresBuilderExtensions
{
    public static IResourceBuilder<LocalPostgresServerResource> AddLocalPostgres(
        this IDistributedApplicationBuilder builder, string name, LocalPaths paths)
    {
        var installs = LocalPrerequisites.From(builder.Configuration);
        installs.EnsurePostgres();
        var password = builder.AddParameter($"{name}-password", LocalSecrets.GetOrCreate(paths.DataRoot, $"{name}-password"), secret: true);
        var server = new LocalPostgresServerResource(name, paths.Scripts, password.Resource);

        builder.Eventing.Subscribe<ResourceReadyEvent>(server, async (ready, cancellationToken) =>
        {
            await CreateDatabasesAsync(server, cancellationToken);
            // Databases have no process of their own: they run once created, and their health checks take over.
            var notifications = ready.Services.GetRequiredService<ResourceNotificationService>();
            foreach (var database in server.Databases)
            {
                await notifications.PublishUpdateAsync(database, state => state with
                {
                    State = KnownResourceStates.Running,
                    StartTimeStamp = DateTime.UtcNow,
                });
            }
        });

        var resource = builder.AddResource(server)
            .WithArgs(paths.LaunchArgs("postgres", name, "postgres.sh"))
            .WithEndpoint(name: "tcp", scheme: "tcp", env: "PGPORT", isProxied: false)
            .WithEnvironment("WORKTEAM_POSTGRES_BIN", installs.PostgresBin)
            .WithEnvironment("WORKTEAM_POSTGRES_PASSWORD", password)
            .WithResourceHealthCheck(r => new PostgresHealthCheck(r));
        password.WithParentRelationship(resource);
        return resource;
    }

    public static IResourceBuilder<LocalPostgresDatabaseResource> AddDatabase(
        this IResourceBuilder<LocalPostgresServerResource> server, string name, string databaseName)
    {
        var database = new LocalPostgresDatabaseResource(name, databaseName, server.Resource);
        server.Resource.Databases.Add(database);
        return server.ApplicationBuilder.AddResource(database)
            .WithParentRelationship(server)
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "PostgresDatabase",
                State = KnownResourceStates.Waiting,
                Properties = [new(CustomResourceKnownProperties.Source, databaseName)],
            })
            .WithResourceHealthCheck(r => new PostgresHealthCheck(r));
    }

    private static async Task CreateDatabasesAsync(LocalPostgresServerResource server, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(await ((IResourceWithConnectionString)server).GetConnectionStringAsync(cancellationToken));
        await connection.OpenAsync(cancellationToken);
        foreach (var database in server.Databases)
        {
            await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection)
            {
                Parameters = { new() { Value = database.DatabaseName } },
            };
            if (await exists.ExecuteScalarAsync(cancellationToken) is null)
            {
                var quoted = new NpgsqlCommandBuilder().QuoteIdentifier(database.DatabaseName);
                await using var create = new NpgsqlCommand($"CREATE DATABASE {quoted}", connection);
                await create.ExecuteNonQueryAsync(cancellationToken);
            }
        }
    }
}
