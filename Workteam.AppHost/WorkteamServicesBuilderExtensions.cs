using Microsoft.Extensions.Configuration;
using Workteam.AppHost.Infrastructure;

namespace Workteam.AppHost;

public static class WorkteamServicesBuilderExtensions
{
    public const string GatewayPortKey = "Workteam:GatewayPort";
    public const int DefaultGatewayPort = 5280;
    public const string ReplicasKey = "Workteam:Replicas";

    /// <summary>
    /// The Workteam services. Only the gateway is reachable from outside. <c>Workteam:Replicas</c> runs that many
    /// processes of ScimApi, Directory and Notifier (named scimapi, scimapi-2, …); the gateway balances across them.
    /// </summary>
    /// <remarks>
    /// Endpoints are not proxied: every request would otherwise pass through the orchestrator's proxy process,
    /// which costs as much CPU as the service itself under load. Replicas are separate resources, each with its
    /// own port, so that the gateway (not a proxy) balances across them.
    /// </remarks>
    public static void AddWorkteamServices(this IDistributedApplicationBuilder builder, WorkteamInfrastructure infrastructure)
    {
        var replicas = builder.Configuration.GetValue<int?>(ReplicasKey) ?? 1;
        if (replicas is < 1 or > 16)
        {
            throw new InvalidOperationException($"{ReplicasKey} must be between 1 and 16; it is {replicas}.");
        }

        var scimApis = Replicate(replicas, "scimapi", name => builder.AddProject<Projects.Workteam_ScimApi>(name).WithLeanRuntime()
            .WithHttpEndpoint(isProxied: false)
            .WithHttpHealthCheck("/health")
            .WithReference(infrastructure.ScimDatabase).WaitFor(infrastructure.ScimDatabase)
            .WithReference(infrastructure.Messaging).WaitFor(infrastructure.Messaging));

        var directories = Replicate(replicas, "directory", name => builder.AddProject<Projects.Workteam_Directory>(name).WithLeanRuntime()
            .WithHttpEndpoint(isProxied: false)
            .WithHttpHealthCheck("/health")
            .WithReference(infrastructure.DirectoryDatabase).WaitFor(infrastructure.DirectoryDatabase)
            .WithReference(infrastructure.Messaging).WaitFor(infrastructure.Messaging)
            // Directory:DeprovisioningGuard:* (share, window, minimum) and Directory:ProcessedMessages:* (retention,
            // prune interval) settings of the app host reach Directory.
            .WithSettingsFrom(builder.Configuration, "Directory:DeprovisioningGuard")
            .WithSettingsFrom(builder.Configuration, "Directory:ProcessedMessages"));

        // Notifier asks Directory for an organization's notification email only when a digest is due, so it does
        // not wait for Directory to start.
        Replicate(replicas, "notifier", name => builder.AddProject<Projects.Workteam_Notifier>(name).WithLeanRuntime()
            .WithHttpEndpoint(isProxied: false)
            .WithHttpHealthCheck("/health")
            .WithReference(infrastructure.NotifierDatabase).WaitFor(infrastructure.NotifierDatabase)
            .WithReference(infrastructure.Messaging).WaitFor(infrastructure.Messaging)
            .WithReference(infrastructure.Smtp).WaitFor(infrastructure.Smtp)
            .WithReference(directories[0])
            // Notifier:* settings of the app host (digest window, polling, retry delays) reach Notifier.
            .WithSettingsFrom(builder.Configuration, "Notifier"));

        var gateway = builder.AddProject<Projects.Workteam_Gateway>("gateway").WithLeanRuntime()
            .WithHttpEndpoint(port: builder.Configuration.GetFixedPort(GatewayPortKey, DefaultGatewayPort), isProxied: false)
            .WithExternalHttpEndpoints()
            .WithHttpHealthCheck("/health")
            // Gateway:Scim:* settings of the app host (rate limits, refresh interval) reach the gateway.
            .WithSettingsFrom(builder.Configuration, "Gateway:Scim")
            // The gateway only forwards: its socket continuations run on the I/O threads instead of being handed to
            // the thread pool, one thread switch less per read and write. Not for the services that use RabbitMQ:
            // with it, their RabbitMQ client never finished connecting.
            .WithEnvironment("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
        gateway.WithBalancedCluster("scimapi", scimApis).WithBalancedCluster("directory", directories);

        // How long the gateway waits for ScimApi before answering 504 (Entra itself gives up at 60 s).
        if (builder.Configuration["Gateway:ScimUpstreamTimeout"] is { } upstreamTimeout)
        {
            gateway.WithEnvironment("ReverseProxy__Clusters__scimapi__HttpRequest__ActivityTimeout", upstreamTimeout);
        }

        // The SCIM Base URL Directory shows admins, and the meta.location of every SCIM resource, start with the
        // gateway's public address.
        foreach (var service in scimApis.Concat<IResourceBuilder<IResourceWithEnvironment>>(directories))
        {
            service.WithEnvironment("Workteam__PublicBaseUrl", gateway.GetEndpoint("http"));
        }
    }

    /// <summary>
    /// Runtime settings that keep each service small and its idle threads quiet on a shared machine: no W^X double
    /// mapping, a 4 MB gen0 budget, two malloc arenas, no dynamic PGO, no thread-pool spinning. What each one
    /// saved is in decision 0011.
    /// </summary>
    private static IResourceBuilder<ProjectResource> WithLeanRuntime(this IResourceBuilder<ProjectResource> service) =>
        service.WithEnvironment("DOTNET_EnableWriteXorExecute", "0")
            .WithEnvironment("DOTNET_GCgen0size", "0x400000")
            .WithEnvironment("MALLOC_ARENA_MAX", "2")
            .WithEnvironment("DOTNET_TieredPGO", "0")
            .WithEnvironment("DOTNET_ThreadPool_UnfairSemaphoreSpinLimit", "0");

    private static List<IResourceBuilder<ProjectResource>> Replicate(
        int replicas, string name, Func<string, IResourceBuilder<ProjectResource>> add) =>
        [.. Enumerable.Range(1, replicas).Select(replica => add(replica == 1 ? name : $"{name}-{replica}"))];

    /// <summary>
    /// The gateway's YARP cluster <paramref name="cluster"/> (appsettings.json names its first destination after the
    /// cluster) gets one destination per replica, reached through service discovery.
    /// </summary>
    private static IResourceBuilder<ProjectResource> WithBalancedCluster(
        this IResourceBuilder<ProjectResource> gateway, string cluster, List<IResourceBuilder<ProjectResource>> replicas)
    {
        foreach (var replica in replicas)
        {
            var name = replica.Resource.Name;
            gateway.WithReference(replica).WaitFor(replica);
            if (name != cluster)
            {
                gateway.WithEnvironment($"ReverseProxy__Clusters__{cluster}__Destinations__{name}__Address", $"http://{name}");
            }
        }

        return gateway;
    }
}
