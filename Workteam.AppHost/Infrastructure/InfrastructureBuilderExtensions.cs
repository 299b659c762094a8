namespace Workteam.AppHost.Infrastructure;

public static class InfrastructureBuilderExtensions
{
    /// <summary>
    /// Adds PostgreSQL (one database and one role per owning service), RabbitMQ and the SMTP server, as containers
    /// or as local executables depending on <c>Workteam:Infrastructure</c>. When Auto mode finds Podman (and no
    /// Docker), Aspire is told to run the containers with Podman.
    /// </summary>
    public static WorkteamInfrastructure AddWorkteamInfrastructure(this IDistributedApplicationBuilder builder)
    {
        var mode = InfrastructureModeResolver.Resolve(
            builder.Configuration, runtime => InfrastructureModeResolver.ContainerRuntimeIsHealthy(runtime));
        var paths = LocalPaths.From(builder);
        return mode == InfrastructureMode.Containers
            ? AddContainers(builder, paths)
            : AddLocalServers(builder, paths);
    }

    private static WorkteamInfrastructure AddContainers(IDistributedApplicationBuilder builder, LocalPaths paths)
    {
        var smtp = builder.AddSmtp4devContainer(WorkteamInfrastructure.SmtpName);
        var postgres = builder.AddPostgres("postgres").WithDataVolume("workteam-postgres-data");
        var rabbitMq = builder.AddRabbitMQ(WorkteamInfrastructure.MessagingName)
            .WithDataVolume("workteam-rabbitmq-data")
            .WithManagementPlugin();

        return new WorkteamInfrastructure(
            InfrastructureMode.Containers,
            paths,
            ScimDatabase: postgres.AddServiceDatabase(postgres.Resource.PrimaryEndpoint, WorkteamInfrastructure.ScimDatabaseName, "scim", paths),
            DirectoryDatabase: postgres.AddServiceDatabase(postgres.Resource.PrimaryEndpoint, WorkteamInfrastructure.DirectoryDatabaseName, "directory", paths),
            NotifierDatabase: postgres.AddServiceDatabase(postgres.Resource.PrimaryEndpoint, WorkteamInfrastructure.NotifierDatabaseName, "notifier", paths),
            Messaging: rabbitMq.AsConnectionString(),
            Smtp: smtp.AsConnectionString());
    }

    private static WorkteamInfrastructure AddLocalServers(IDistributedApplicationBuilder builder, LocalPaths paths)
    {
        var smtp = builder.AddSmtp4dev(WorkteamInfrastructure.SmtpName, paths);
        var postgres = builder.AddLocalPostgres("postgres", paths);
        var rabbitMq = builder.AddLocalRabbitMq(WorkteamInfrastructure.MessagingName, paths);

        return new WorkteamInfrastructure(
            InfrastructureMode.Local,
            paths,
            ScimDatabase: postgres.AddServiceDatabase(postgres.Resource.PrimaryEndpoint, WorkteamInfrastructure.ScimDatabaseName, "scim", paths),
            DirectoryDatabase: postgres.AddServiceDatabase(postgres.Resource.PrimaryEndpoint, WorkteamInfrastructure.DirectoryDatabaseName, "directory", paths),
            NotifierDatabase: postgres.AddServiceDatabase(postgres.Resource.PrimaryEndpoint, WorkteamInfrastructure.NotifierDatabaseName, "notifier", paths),
            Messaging: rabbitMq.AsConnectionString(),
            Smtp: smtp.AsConnectionString());
    }

    private static IResourceBuilder<IResourceWithConnectionString> AsConnectionString<T>(this IResourceBuilder<T> builder)
        where T : IResourceWithConnectionString =>
        (IResourceBuilder<IResourceWithConnectionString>)builder;
}
