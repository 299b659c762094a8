using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Workteam.AppHost;

/// <summary>
/// A service's <c>/health</c> as the dashboard shows it: Healthy, Degraded or Unhealthy. A degraded service (ScimApi
/// with an outbox row waiting over a minute, Directory over a minute behind) still answers 200, with "Degraded" as
/// its body; Aspire's own HTTP check looks at the status code only and would show it healthy.
/// </summary>
public static class ServiceHealthChecks
{
    public static IResourceBuilder<ProjectResource> WithHealthReportCheck(this IResourceBuilder<ProjectResource> service)
    {
        var endpoint = service.GetEndpoint("http");
        var key = $"{service.Resource.Name}_health_report";
        service.ApplicationBuilder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            key, _ => new HealthReportCheck(() => new Uri(new Uri(endpoint.Url), "/health")), HealthStatus.Unhealthy, tags: null));
        return service.WithHealthCheck(key);
    }
}

/// <summary>Reads a service's health report: its status code, and the status ASP.NET Core's health checks write as the body.</summary>
public sealed class HealthReportCheck(Func<Uri> address) : IHealthCheck
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var response = await Http.GetAsync(address(), cancellationToken);
            var body = (await response.Content.ReadAsStringAsync(cancellationToken)).Trim();
            if (!response.IsSuccessStatusCode)
            {
                return HealthCheckResult.Unhealthy($"/health answered {(int)response.StatusCode}: {body}");
            }

            return body == nameof(HealthStatus.Degraded)
                ? HealthCheckResult.Degraded("The service reports itself degraded: see its /health checks and metrics.")
                : HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"/health did not answer: {e.Message}", e);
        }
    }
}
