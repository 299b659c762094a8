namespace Workteam.AppHost.Infrastructure;

/// <summary>PostgreSQL (14 to 17) run from the machine's install (see docs/decisions/0001-local-infrastructure-mode.md).</summary>
public sealed class LocalPostgresServerResource(string name, string workingDirectory, ParameterResource password)
    : ExecutableResource(name, "bash", workingDirectory), IResourceWithConnectionString
{
    public ParameterResource Password { get; } = password;

    public EndpointReference PrimaryEndpoint => new(this, "tcp");

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host={PrimaryEndpoint.Property(EndpointProperty.Host)};Port={PrimaryEndpoint.Property(EndpointProperty.Port)};Username=postgres;Password={Password}");
}

public static class LocalPostgresBuilderExtensions
{
    public static IResourceBuilder<LocalPostgresServerResource> AddLocalPostgres(
        this IDistributedApplicationBuilder builder, string name, LocalPaths paths)
    {
        var bin = LocalPrerequisites.FindPostgresBin(builder.Configuration);
        var password = builder.AddParameter($"{name}-password", LocalSecrets.GetOrCreate(paths.DataRoot, $"{name}-password"), secret: true);
        var server = new LocalPostgresServerResource(name, paths.Scripts, password.Resource);

        var resource = builder.AddResource(server)
            .WithArgs(paths.LaunchArgs("postgres", name, "postgres.sh"))
            .WithEndpoint(name: "tcp", scheme: "tcp", env: "PGPORT", isProxied: false)
            .WithEnvironment("WORKTEAM_POSTGRES_BIN", bin)
            .WithEnvironment("WORKTEAM_POSTGRES_PASSWORD", password)
            .WithResourceHealthCheck(r => new PostgresHealthCheck(r));
        password.WithParentRelationship(resource);
        return resource;
    }
}
