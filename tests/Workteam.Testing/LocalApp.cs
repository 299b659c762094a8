using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Workteam.AppHost.Infrastructure;

namespace Workteam.Testing;

/// <summary>
/// The whole Workteam app in Local mode on the machine's PostgreSQL, RabbitMQ and smtp4dev, with its server data
/// in a folder of its own and ports chosen freely, as the integration tests and the benchmarks run it.
/// </summary>
public static class LocalApp
{
    /// <summary>
    /// Local, unless the machine lacks the Local servers (eng/prerequisites.sh skips them where Docker or Podman
    /// answers): then Auto, which runs them as containers.
    /// </summary>
    public static readonly string InfrastructureMode =
        LocalPrerequisites.LocalServersInstalled(MachineInstallProbe.Instance) ? "Local" : "Auto";

    /// <summary>A new, empty data folder that the servers (their own users, when run as root) can reach.</summary>
    public static string NewDataPath(string prefix)
    {
        var path = Directory.CreateTempSubdirectory(prefix).FullName;
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
        }

        return path;
    }

    /// <summary>
    /// Builds the app without a dashboard. Nothing receives telemetry then, so the services do not export it: they
    /// would otherwise keep failing to reach the dashboard's address and keep the unsent batches in memory.
    /// </summary>
    public static async Task<DistributedApplication> BuildAsync(
        string dataPath, IEnumerable<string> settings, Action<IDistributedApplicationTestingBuilder>? configure, CancellationToken cancellationToken)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Workteam_AppHost>(
            [
                $"Workteam:Infrastructure={InfrastructureMode}",
                $"Workteam:LocalDataPath={dataPath}",
                "Workteam:GatewayPort=0",
                "Workteam:MailUiPort=0",
                // Tests and benchmarks sign up and sign in many times from one address; the tests of these limits
                // set small ones, which come later and win.
                "Directory:SignInLimits:PerAddressPerMinute=1000000",
                "Directory:SignInLimits:PerAccountPerMinute=1000000",
                "Directory:SignInLimits:SignUpsPerAddressPerHour=1000000",
                .. settings,
            ],
            (options, _) => options.DisableDashboard = true,
            cancellationToken);
        foreach (var service in builder.Resources.OfType<ProjectResource>().ToList())
        {
            builder.CreateResourceBuilder(service).WithEnvironment(context => context.EnvironmentVariables.Remove("OTEL_EXPORTER_OTLP_ENDPOINT"));
        }

        configure?.Invoke(builder);
        return await builder.BuildAsync(cancellationToken);
    }

    /// <summary>Starts the app and waits until every server, database and service replica is healthy.</summary>
    public static async Task StartHealthyAsync(this DistributedApplication app, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        await app.StartAsync(limit.Token);
        var healthChecked = app.Services.GetRequiredService<DistributedApplicationModel>().Resources
            .Where(r => r.Annotations.OfType<HealthCheckAnnotation>().Any()).Select(r => r.Name);
        await Task.WhenAll(healthChecked.Select(r => app.ResourceNotifications.WaitForResourceHealthyAsync(r, limit.Token)));
    }
}
