using Polly;
using Yarp.ReverseProxy.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Workteam.Contracts;
using Workteam.Gateway.Refusals;
using Workteam.Gateway.Scim;

namespace Workteam.Gateway;

public static class GatewayServiceExtensions
{
    /// <summary>
    /// Kestrel answers longer request lines itself, with an empty 414; up to this size SCIM clients get a SCIM
    /// error from <see cref="ScimRequestGuard"/> instead (and other routes are still limited by their services).
    /// </summary>
    public const int MaxRequestLineBytes = 256 * 1024;

    /// <summary>YARP routes from the <c>ReverseProxy</c> section; cluster addresses resolve through Aspire service discovery.</summary>
    public static WebApplicationBuilder AddGatewayServices(this WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestLineSize = MaxRequestLineBytes);
        builder.Services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
            .AddServiceDiscoveryDestinationResolver();
        // The passive health check judges a replica by its last 10 s of requests (YARP's default is a minute, in which
        // the successes from before a crash outweigh the failures after it), and keeps it out for the cluster's
        // ReactivationPeriod.
        builder.Services.Configure<TransportFailureRateHealthPolicyOptions>(policy => policy.DetectionWindowSize = TimeSpan.FromSeconds(10));

        builder.Services.AddOptions<ScimGatewayOptions>().Bind(builder.Configuration.GetSection(ScimGatewayOptions.SectionName))
            .Validate(o => o.RefusalShipInterval > TimeSpan.Zero && o.RefusalClaimInterval > TimeSpan.Zero && o.RefusalsRecordedPerMinute >= 0,
                "Gateway:Scim needs a positive RefusalShipInterval and RefusalClaimInterval, and RefusalsRecordedPerMinute of zero or more.")
            .ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ScimCredentialCache>();
        builder.Services.AddSingleton<ScimTokenUsageLog>();
        builder.Services.AddSingleton<ScimClientLimits>();
        builder.Services.AddSingleton<ScimRequestGuard>();
        builder.Services.AddSingleton<ForwarderErrorResponses>();
        builder.Services.AddSingleton<ScimRefusals>();
        builder.Services.AddSingleton<GatewayMetrics>();
        builder.Services.AddSingleton<RefusalThrottle>();
        builder.Services.AddSingleton(services => new RefusalJournal(
            RefusalJournalFolder(services.GetRequiredService<IOptions<ScimGatewayOptions>>().Value, builder.Environment),
            services.GetRequiredService<ILogger<RefusalJournal>>()));
        builder.Services.AddHostedService<RefusalShipper>();
        // The Directory client moves on to the next Directory replica itself: the default handler's retries would hold a
        // revocation back for several seconds while one replica is down. Removing the defaults of one client is
        // marked experimental, and is the way the resilience library documents for it.
#pragma warning disable EXTEXP0001
        builder.Services.AddHttpClient(DirectoryClient.HttpClientName)
            .RemoveAllResilienceHandlers()
            .AddInternalApiCredential()
            .AddResilienceHandler("directory", pipeline => pipeline.AddTimeout(TimeSpan.FromSeconds(5)));
#pragma warning restore EXTEXP0001
        builder.Services.AddSingleton<DirectoryClient>();
        builder.Services.AddSingleton<ScimCredentialRefresher>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ScimCredentialRefresher>());
        builder.Services.AddHealthChecks().AddCheck<ScimCredentialsLoadedCheck>("scim-credentials");
        return builder;
    }

    /// <summary><c>Gateway:Scim:RefusalJournalPath</c>, else a folder in the temporary directory of this installation.</summary>
    private static string RefusalJournalFolder(ScimGatewayOptions options, IHostEnvironment environment)
    {
        if (!string.IsNullOrWhiteSpace(options.RefusalJournalPath))
        {
            return options.RefusalJournalPath;
        }

        var installation = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(environment.ContentRootPath)))[..12];
        return Path.Combine(Path.GetTempPath(), $"workteam-gateway-refusals-{installation}");
    }

    public static WebApplication MapGateway(this WebApplication app)
    {
        app.UseKnownProxies();
        app.Use(async (context, next) =>
        {
            // Only the gateway sets the organization header and its assertion, and only after authenticating the SCIM token.
            context.Request.Headers.Remove(ScimRequestGuard.OrganizationHeader);
            context.Request.Headers.Remove(ServiceTrust.AssertionHeader);
            if (context.Request.Path.StartsWithSegments("/internal"))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            await next(context);
        });

        var guard = app.Services.GetRequiredService<ScimRequestGuard>();
        var forwarderErrors = app.Services.GetRequiredService<ForwarderErrorResponses>();
        app.MapReverseProxy(proxy =>
        {
            proxy.Use(forwarderErrors.WriteScimErrorAsync);
            proxy.Use((context, next) => context.Request.Path.StartsWithSegments("/scim")
                ? guard.InvokeAsync(context, _ => next())
                : next());
            // A custom pipeline drops YARP's defaults: these pick a replica and take one that fails out of rotation.
            proxy.UseLoadBalancing();
            proxy.UsePassiveHealthChecks();
        });
        return app;
    }
}

/// <summary>
/// The gateway is ready only once it knows which SCIM tokens work, and degraded while those are too old to trust
/// (it then answers SCIM requests 503 while the console may still work).
/// </summary>
public sealed class ScimCredentialsLoadedCheck(ScimCredentialCache cache, ScimCredentialRefresher refresher, TimeProvider clock) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(
            !cache.IsLoaded ? HealthCheckResult.Unhealthy("SCIM credentials not loaded from Directory yet")
            : refresher.IsStale(clock.GetUtcNow()) ? HealthCheckResult.Degraded("SCIM credentials are stale: Directory has not answered; SCIM requests get 503")
            : HealthCheckResult.Healthy());
}
