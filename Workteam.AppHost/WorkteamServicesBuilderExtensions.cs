using Microsoft.Extensions.Configuration;
using Workteam.AppHost.Infrastructure;

namespace Workteam.AppHost;

public static class WorkteamServicesBuilderExtensions
{
    public const string GatewayPortKey = "Workteam:GatewayPort";
    public const int DefaultGatewayPort = 5280;
    public const string ReplicasKey = "Workteam:Replicas";
    public const string RefusalJournalPathKey = "Gateway:Scim:RefusalJournalPath";

    /// <summary>ScimApi's HTTP/2-only endpoint, which the gateway forwards SCIM requests to.</summary>
    public const string Http2EndpointName = "h2c";

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

        var serviceSecret = builder.AddServiceSecret();
        var scimApis = Replicate(replicas, "scimapi", name => builder.AddProject<Projects.Workteam_ScimApi>(name).WithLeanRuntime().WithServiceSecret(serviceSecret)
            .WithHttpEndpoint(isProxied: false)
            .WithHttp2Endpoint()
            .WithHealthReportCheck()
            // Outbox:* settings of the app host (backlog sampling, when ScimApi reports Degraded) reach ScimApi.
            .WithSettingsFrom(builder.Configuration, "Outbox")
            // Workteam:RuntimeSettingsFile: a JSON file of settings ScimApi re-reads when it changes (Outbox:CarryTraceContext).
            .WithSettingsFrom(builder.Configuration, "Workteam:RuntimeSettingsFile")
            .WithReference(infrastructure.ScimDatabase).WaitFor(infrastructure.ScimDatabase)
            .WithReference(infrastructure.Messaging).WaitFor(infrastructure.Messaging));

        var directories = Replicate(replicas, "directory", name => builder.AddProject<Projects.Workteam_Directory>(name).WithLeanRuntime().WithServiceSecret(serviceSecret)
            .WithHttpEndpoint(isProxied: false)
            .WithHealthReportCheck()
            // Outbox:* settings reach Directory's outbox relay too (its failure reports and alert emails).
            .WithSettingsFrom(builder.Configuration, "Outbox")
            .WithReference(infrastructure.DirectoryDatabase).WaitFor(infrastructure.DirectoryDatabase)
            .WithReference(infrastructure.Messaging).WaitFor(infrastructure.Messaging)
            // Directory:DeprovisioningGuard:* (share, window, minimum) and Directory:Retention:* (processed messages,
            // expired sessions, prune interval) settings of the app host reach Directory.
            .WithSettingsFrom(builder.Configuration, "Directory:DeprovisioningGuard")
            .WithSettingsFrom(builder.Configuration, "Directory:Retention")
            .WithSettingsFrom(builder.Configuration, "Directory:ProvisioningHealth")
            // Directory:SignInLimits:* (sign-in, sign-up and password-reset rate limits) and Directory:KnownProxies.
            .WithSettingsFrom(builder.Configuration, "Directory:SignInLimits")
            .WithSettingsFrom(builder.Configuration, "Directory:KnownProxies")
            .WithDashboardUrl(builder.Configuration)
            .WithRetryFailedMessagesCommand(serviceSecret));

        // Notifier asks Directory for an organization's notification email only when a digest is due, so it does
        // not wait for Directory to start.
        Replicate(replicas, "notifier", name => builder.AddProject<Projects.Workteam_Notifier>(name).WithLeanRuntime().WithServiceSecret(serviceSecret)
            .WithHttpEndpoint(isProxied: false)
            .WithHttpHealthCheck("/health")
            .WithReference(infrastructure.NotifierDatabase).WaitFor(infrastructure.NotifierDatabase)
            .WithReference(infrastructure.Messaging).WaitFor(infrastructure.Messaging)
            .WithReference(infrastructure.Smtp).WaitFor(infrastructure.Smtp)
            .WithReference(directories[0])
            // Notifier:* settings of the app host (digest window, polling, retry delays, digest size, retention, SMTP
            // TLS and credentials) reach Notifier.
            .WithSettingsFrom(builder.Configuration, "Notifier")
            .WithRetryFailedMessagesCommand(serviceSecret));

        var gateway = builder.AddProject<Projects.Workteam_Gateway>("gateway").WithLeanRuntime().WithServiceSecret(serviceSecret)
            .WithHttpEndpoint(port: builder.Configuration.GetFixedPort(GatewayPortKey, DefaultGatewayPort), isProxied: false)
            .WithExternalHttpEndpoints()
            .WithGatewayUrls()
            .WithHttpHealthCheck("/health")
            // Gateway:Scim:* settings of the app host (rate limits, refresh interval) reach the gateway.
            .WithSettingsFrom(builder.Configuration, "Gateway:Scim")
            // Gateway:KnownProxies: the proxies in front of the gateway whose X-Forwarded-For it believes.
            .WithSettingsFrom(builder.Configuration, "Gateway:KnownProxies")
            .WithEnvironment(GatewayRuntime);
        // The refusals the gateway has not shipped to Directory yet outlive its process here, beside the servers' data.
        if (builder.Configuration[RefusalJournalPathKey] is null)
        {
            gateway.WithEnvironment("Gateway__Scim__RefusalJournalPath", Path.Combine(infrastructure.Paths.DataRoot, "gateway-refusals"));
        }

        gateway.WithBalancedCluster("scimapi", scimApis, Http2EndpointName).WithBalancedCluster("directory", directories);

        // How long the gateway waits for ScimApi before answering 504 (Entra itself gives up at 60 s).
        if (builder.Configuration["Gateway:ScimUpstreamTimeout"] is { } upstreamTimeout)
        {
            gateway.WithEnvironment("ReverseProxy__Clusters__scimapi__HttpRequest__ActivityTimeout", upstreamTimeout);
        }

        // The SCIM Base URL Directory shows admins, and the meta.location of every SCIM resource, start with the
        // gateway's public address.
        // Workteam:PublicBaseUrl of the app host replaces it, for a TLS-terminating proxy in front of the gateway.
        var publicBaseUrl = builder.Configuration["Workteam:PublicBaseUrl"];
        foreach (var service in scimApis.Concat<IResourceBuilder<IResourceWithEnvironment>>(directories))
        {
            if (publicBaseUrl is null)
            {
                service.WithEnvironment("Workteam__PublicBaseUrl", gateway.GetEndpoint("http"));
            }
            else
            {
                service.WithEnvironment("Workteam__PublicBaseUrl", publicBaseUrl);
            }
        }
    }

    /// <summary>
    /// Runtime settings that keep each service small and its idle threads quiet on a shared machine: no W^X double
    /// mapping, gen0 budgets of 4 to 6 MB and gen1 budgets of at most 6 MB, two malloc arenas, no dynamic PGO, code
    /// without a precompiled image compiled once and optimised, no thread-pool spinning. What each one saved is in
    /// decisions 0011, 0026 and 0027.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> LeanRuntime = new Dictionary<string, string>
    {
        ["DOTNET_EnableWriteXorExecute"] = "0",
        ["DOTNET_GCgen0size"] = "0x400000",
        ["DOTNET_GCGen0MaxBudget"] = "0x600000",
        ["DOTNET_GCGen1MaxBudget"] = "0x600000",
        ["MALLOC_ARENA_MAX"] = "2",
        ["DOTNET_TieredPGO"] = "0",
        ["DOTNET_TC_QuickJit"] = "0",
        ["DOTNET_ThreadPool_UnfairSemaphoreSpinLimit"] = "0",
    };

    /// <summary>
    /// What the gateway adds to <see cref="LeanRuntime"/>. It only forwards: its socket continuations run on the I/O
    /// threads instead of being handed to the thread pool, one thread switch less per read and write. Not for the
    /// services that use RabbitMQ: with it, their RabbitMQ client never finished connecting.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> GatewayRuntime = new Dictionary<string, string>
    {
        ["DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS"] = "1",
    };

    public const string ServiceSecretName = "service-secret";

    /// <summary>
    /// The secret the services prove themselves to each other with (decision 0013): <c>Parameters:service-secret</c>
    /// when set (a deployment's own), else a new random one each time the app host starts, since all services restart
    /// with it.
    /// </summary>
    private static IResourceBuilder<ParameterResource> AddServiceSecret(this IDistributedApplicationBuilder builder)
    {
        var configured = builder.Configuration[$"Parameters:{ServiceSecretName}"];
        var generated = System.Security.Cryptography.RandomNumberGenerator.GetHexString(64, lowercase: true);
        return builder.AddParameter(ServiceSecretName, () => configured ?? generated, secret: true);
    }

    private static IResourceBuilder<ProjectResource> WithServiceSecret(
        this IResourceBuilder<ProjectResource> service, IResourceBuilder<ParameterResource> secret) =>
        service.WithEnvironment("Workteam__ServiceSecret", secret);

    private static IResourceBuilder<ProjectResource> WithLeanRuntime(this IResourceBuilder<ProjectResource> service) =>
        service.WithEnvironment(LeanRuntime);

    private static IResourceBuilder<ProjectResource> WithEnvironment(
        this IResourceBuilder<ProjectResource> service, IReadOnlyDictionary<string, string> variables) =>
        service.WithEnvironment(context =>
        {
            foreach (var (name, value) in variables)
            {
                context.EnvironmentVariables[name] = value;
            }
        });

    /// <summary>
    /// A second endpoint, HTTP/2 only, for the gateway: over one connection it carries many requests at once, and
    /// a wake-up reads several of them, which made the gateway's hop about 14 µs of CPU cheaper per request (README,
    /// gateway benchmark). Without TLS, Kestrel speaks HTTP/2 only on an endpoint limited to it; the http endpoint
    /// stays HTTP/1.1 for health checks and direct callers. Kestrel:Endpoints replaces ASPNETCORE_URLS, so both
    /// endpoints are listed there.
    /// </summary>
    private static IResourceBuilder<ProjectResource> WithHttp2Endpoint(this IResourceBuilder<ProjectResource> service) =>
        service.WithHttpEndpoint(name: Http2EndpointName, isProxied: false)
            .WithEnvironment(context =>
            {
                context.EnvironmentVariables.Remove("ASPNETCORE_URLS");
                context.EnvironmentVariables["Kestrel__Endpoints__http__Url"] = service.GetEndpoint("http");
                context.EnvironmentVariables[$"Kestrel__Endpoints__{Http2EndpointName}__Url"] = service.GetEndpoint(Http2EndpointName);
                context.EnvironmentVariables[$"Kestrel__Endpoints__{Http2EndpointName}__Protocols"] = "Http2";
            });

    private static List<IResourceBuilder<ProjectResource>> Replicate(
        int replicas, string name, Func<string, IResourceBuilder<ProjectResource>> add) =>
        [.. Enumerable.Range(1, replicas).Select(replica => add(replica == 1 ? name : $"{name}-{replica}"))];

    /// <summary>
    /// The gateway's YARP cluster <paramref name="cluster"/> (appsettings.json names its first destination after the
    /// cluster) gets one destination per replica, reached through service discovery at the replica's
    /// <paramref name="endpoint"/> (its http endpoint when null).
    /// </summary>
    private static IResourceBuilder<ProjectResource> WithBalancedCluster(
        this IResourceBuilder<ProjectResource> gateway, string cluster, List<IResourceBuilder<ProjectResource>> replicas, string? endpoint = null)
    {
        foreach (var replica in replicas)
        {
            var name = replica.Resource.Name;
            gateway.WithReference(replica).WaitFor(replica);
            if (name != cluster)
            {
                gateway.WithEnvironment($"ReverseProxy__Clusters__{cluster}__Destinations__{name}__Address",
                    endpoint is null ? $"http://{name}" : $"http://_{endpoint}.{name}");
            }
        }

        return gateway;
    }
}
