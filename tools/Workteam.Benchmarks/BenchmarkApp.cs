using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Aspire.Hosting.ApplicationModel;
using Workteam.AppHost;
using Workteam.Contracts;
using Workteam.LoadTest;
using Workteam.Testing;

namespace Workteam.Benchmarks;

/// <summary>The whole Workteam app in Local mode on a fresh data folder, started for one benchmark run.</summary>
public static class BenchmarkApp
{
    public static Task<DistributedApplication> StartAsync(params string[] settings) => StartAsync(otlpEndpoint: null, settings);

    /// <summary>The app whose services export their traces, metrics and logs to <paramref name="otlpEndpoint"/> (OTLP/HTTP), as to a dashboard.</summary>
    public static Task<DistributedApplication> StartExportingTelemetryAsync(string otlpEndpoint, params string[] settings) =>
        StartAsync(otlpEndpoint, settings);

    private static async Task<DistributedApplication> StartAsync(string? otlpEndpoint, string[] settings)
    {
        var app = await LocalApp.BuildAsync(LocalApp.NewDataPath("workteam-bench-"), settings,
            builder =>
            {
                // Warnings and errors of the services (and PostgreSQL's log lines) go to standard error; the
                // benchmark's tables to standard output.
                builder.Services.AddLogging(logging => logging
                    .SetMinimumLevel(LogLevel.Warning)
                    .AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None));
                if (otlpEndpoint is not null)
                {
                    foreach (var service in builder.Resources.OfType<ProjectResource>().ToList())
                    {
                        builder.CreateResourceBuilder(service).WithEnvironment(context =>
                        {
                            context.EnvironmentVariables["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlpEndpoint;
                            context.EnvironmentVariables["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
                        });
                    }
                }
            },
            CancellationToken.None);
        await app.StartHealthyAsync(TimeSpan.FromMinutes(10), CancellationToken.None);
        return app;
    }

    /// <summary>The app's service secret, to send straight to ScimApi what the gateway would (decision 0013).</summary>
    public static async Task<ServiceTrust> ServiceTrustAsync(DistributedApplication app)
    {
        var secret = app.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<ParameterResource>()
            .Single(p => p.Name == WorkteamServicesBuilderExtensions.ServiceSecretName);
        return new ServiceTrust((await secret.GetValueAsync(CancellationToken.None))!);
    }

    /// <summary>
    /// A new organization with provisioning enabled and a SCIM token, set up through the admin API. Without
    /// <paramref name="invitations"/>, provisioned members get no invitation email (mass creates would queue
    /// thousands of them).
    /// </summary>
    public static async Task<(Guid OrganizationId, string Token)> ProvisioningReadyAsync(Uri gatewayUrl, bool invitations = true)
    {
        using var http = new HttpClient();
        var run = Guid.NewGuid().ToString("N");
        var organization = await new AdminApi(http, gatewayUrl).SetUpAsync(1, $"bench-{run}.test", run[..8], invitations, CancellationToken.None);
        return (organization.Id, organization.ScimToken);
    }
}
