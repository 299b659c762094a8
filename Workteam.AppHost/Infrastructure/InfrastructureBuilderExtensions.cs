namespace Workteam.AppHost.Infrastructure;

public static class InfrastructureBuilderExtensions
{
    /// <summary>
    /// Adds PostgreSQL (one database and one role per owning service), RabbitMQ and the SMTP server, as containers
    /// or as local executables depending on <c>Workteam:Infrastructure</c>.
    /// </summary>
    public static WorkteamInfrastructure AddWorkteamInfrastructure(this IDistributedApplicationBuilder builder)
    {
        var mode = InfrastructureModeResolver.Resolve(
            builder.Configuration[InfrastructureModeResolver.ConfigurationKey],
            () => InfrastructureModeResolver.ContainerRuntimeIsHealthy());
        var paths = LocalPaths.From(builder);
        var smtp = builder.AddSmtp4dev(WorkteamInfrastructure.SmtpName, paths);

        return mode == InfrastructureMode.Containers
            ? AddContainers(builder, paths, smtp)
            : AddLocalServers(builder, paths, smtp);
    }

    private static WorkteamInfrastructure AddContainers(
        IDistributedApplicationBuilder builder, LocalPaths paths, IResourceBuilder<Smtp4devResource> smtp)
    {
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

    private static WorkteamInfrastructure AddLocalServers(
        IDistributedApplicationBuilder builder, LocalPaths paths, IResourceBuilder<Smtp4devResource> smtp)
    {
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
