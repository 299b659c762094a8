using Microsoft.Extensions.Configuration;
using Workteam.AppHost.Infrastructure;

namespace Workteam.AppHost;

public static class WorkteamServicesBuilderExtensions
{
    public const string GatewayPortKey = "Workteam:GatewayPort";
    public const int DefaultGatewayPort = 5280;

    /// <summary>The five Workteam services. Only the gateway is reachable from outside.</summary>
    public static void AddWorkteamServices(this IDistributedApplicationBuilder builder, WorkteamInfrastructure infrastructure)
    {
        var scimApi = builder.AddProject<Projects.Workteam_ScimApi>("scimapi")
            .WithHttpEndpoint()
            .WithHttpHealthCheck("/health")
            .WithReference(infrastructure.ScimDatabase).WaitFor(infrastructure.ScimDatabase)
            .WithReference(infrastructure.Messaging).WaitFor(infrastructure.Messaging);

        var directory = builder.AddProject<Projects.Workteam_Directory>("directory")
            .WithHttpEndpoint()
            .WithHttpHealthCheck("/health")
            .WithReference(infrastructure.DirectoryDatabase).WaitFor(infrastructure.DirectoryDatabase)
            .WithReference(infrastructure.Messaging).WaitFor(infrastructure.Messaging);

        // Notifier asks Directory for an organization's notification email only when a digest is due, so it does
        // not wait for Directory to start.
        builder.AddProject<Projects.Workteam_Notifier>("notifier")
            .WithHttpEndpoint()
            .WithHttpHealthCheck("/health")
            .WithReference(infrastructure.NotifierDatabase).WaitFor(infrastructure.NotifierDatabase)
            .WithReference(infrastructure.Messaging).WaitFor(infrastructure.Messaging)
            .WithReference(infrastructure.Smtp).WaitFor(infrastructure.Smtp)
            .WithReference(directory)
            // Notifier:* settings of the app host (digest window, polling, retry delays) reach Notifier.
            .WithSettingsFrom(builder.Configuration, "Notifier");

        var gateway = builder.AddProject<Projects.Workteam_Gateway>("gateway")
            .WithHttpEndpoint(port: builder.Configuration.GetFixedPort(GatewayPortKey, DefaultGatewayPort))
            .WithExternalHttpEndpoints()
            .WithHttpHealthCheck("/health")
            .WithReference(scimApi).WaitFor(scimApi)
            .WithReference(directory).WaitFor(directory);

        // Gateway:Scim:* settings of the app host (rate limits, refresh interval) reach the gateway.
        gateway.WithSettingsFrom(builder.Configuration, "Gateway:Scim");

        // Directory:DeprovisioningGuard:* settings of the app host (share, window, minimum) reach Directory.
        foreach (var (key, value) in builder.Configuration.GetSection("Directory:DeprovisioningGuard").AsEnumerable(makePathsRelative: true))
        {
            if (value is not null)
            {
                directory.WithEnvironment($"Directory__DeprovisioningGuard__{key.Replace(":", "__", StringComparison.Ordinal)}", value);
            }
        }

        // How long the gateway waits for ScimApi before answering 504 (Entra itself gives up at 60 s).
        if (builder.Configuration["Gateway:ScimUpstreamTimeout"] is { } upstreamTimeout)
        {
            gateway.WithEnvironment("ReverseProxy__Clusters__scimapi__HttpRequest__ActivityTimeout", upstreamTimeout);
        }

        // The SCIM Base URL Directory shows admins, and the meta.location of every SCIM resource, start with the
        // gateway's public address.
        directory.WithEnvironment("Workteam__PublicBaseUrl", gateway.GetEndpoint("http"));
        scimApi.WithEnvironment("Workteam__PublicBaseUrl", gateway.GetEndpoint("http"));
    }
}
