namespace Workteam.AppHost.Infrastructure;

/// <summary>A RabbitMQ node run from the machine's install (see docs/decisions/0001-local-infrastructure-mode.md).</summary>
public sealed class LocalRabbitMqServerResource(string name, string workingDirectory, ParameterResource userName, ParameterResource password)
    : ExecutableResource(name, "bash", workingDirectory), IResourceWithConnectionString
{
    public ParameterResource UserName { get; } = userName;

    public ParameterResource Password { get; } = password;

    public EndpointReference PrimaryEndpoint => new(this, "tcp");

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"amqp://{UserName}:{Password}@{PrimaryEndpoint.Property(EndpointProperty.HostAndPort)}");
}

public static class LocalRabbitMqBuilderExtensions
{
    public static IResourceBuilder<LocalRabbitMqServerResource> AddLocalRabbitMq(
        this IDistributedApplicationBuilder builder, string name, LocalPaths paths)
    {
        var server = LocalPrerequisites.FindRabbitMqServer(builder.Configuration);
        var userName = builder.AddParameter($"{name}-username", "workteam");
        var password = builder.AddParameter($"{name}-password", LocalSecrets.GetOrCreate(paths.DataRoot, $"{name}-password"), secret: true);
        var node = new LocalRabbitMqServerResource(name, paths.Scripts, userName.Resource, password.Resource);

        var resource = builder.AddResource(node)
            .WithArgs(paths.LaunchArgs("rabbitmq", name, "rabbitmq.sh"))
            .WithEndpoint(name: "tcp", scheme: "tcp", env: "RABBITMQ_NODE_PORT")
            .WithEndpoint(name: "distribution", scheme: "tcp", env: "RABBITMQ_DIST_PORT")
            .WithHttpEndpoint(name: "management", env: "WORKTEAM_RABBITMQ_MANAGEMENT_PORT")
            .WithUrlForEndpoint("management", url => url.DisplayText = "RabbitMQ management")
            .WithUrlForEndpoint("distribution", url => url.DisplayLocation = UrlDisplayLocation.DetailsOnly)
            .WithEnvironment("WORKTEAM_RABBITMQ_SERVER", server)
            .WithEnvironment("WORKTEAM_RABBITMQ_USER", userName)
            .WithEnvironment("WORKTEAM_RABBITMQ_PASSWORD", password)
            .WithResourceHealthCheck(r => new RabbitMqHealthCheck(r));
        userName.WithParentRelationship(resource);
        password.WithParentRelationship(resource);
        return resource;
    }
}
