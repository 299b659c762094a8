using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Workteam.AppHost;

/// <summary>
/// Logs once every resource with a health check is healthy, with the seconds since the app host started
/// and where to go next. The startup benchmark reads this line.
/// </summary>
public sealed class StartupReporter(
    DistributedApplicationModel model,
    ResourceNotificationService notifications,
    ILogger<StartupReporter> logger) : BackgroundService
{
    public const string ReadyMessagePrefix = "Workteam is ready";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = Process.GetCurrentProcess().StartTime.ToUniversalTime();
        var checkedResources = model.Resources.Where(r => r.Annotations.OfType<HealthCheckAnnotation>().Any()).ToList();
        try
        {
            await Task.WhenAll(checkedResources.Select(r => notifications.WaitForResourceHealthyAsync(r.Name, stoppingToken)));
        }
        catch (OperationCanceledException)
        {
            return;
        }

        var seconds = (DateTime.UtcNow - started).TotalSeconds;
        logger.LogInformation(
            "{Prefix}: {Count} resources healthy {Seconds:F1} s after start. Console and SCIM: {Gateway}  Mail: {Mail}",
            ReadyMessagePrefix, checkedResources.Count, seconds, UrlOf("gateway", "http"), UrlOf("smtp", "http"));
    }

    private string UrlOf(string resourceName, string endpointName) =>
        model.Resources.OfType<IResourceWithEndpoints>().FirstOrDefault(r => r.Name == resourceName)
            ?.GetEndpoint(endpointName).Url ?? "(not running)";

    public static void Register(IDistributedApplicationBuilder builder) =>
        builder.Services.AddHostedService<StartupReporter>();
}
