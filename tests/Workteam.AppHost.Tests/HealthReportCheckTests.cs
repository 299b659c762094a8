using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Workteam.AppHost.Tests;

/// <summary>
/// The dashboard shows ScimApi and Directory as they report themselves: a service that answers 200 "Degraded" is
/// Degraded there, not Healthy.
/// </summary>
public sealed class HealthReportCheckTests
{
    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(HealthStatus.Healthy, HealthStatus.Healthy)]
    [InlineData(HealthStatus.Degraded, HealthStatus.Degraded)]
    [InlineData(HealthStatus.Unhealthy, HealthStatus.Unhealthy)]
    public async Task A_service_health_report_is_shown_as_the_service_reports_it(HealthStatus reported, HealthStatus shown)
    {
        await using var service = await ServiceReportingAsync(reported);

        var result = await new HealthReportCheck(() => new Uri(service.Urls.First() + "/health")).CheckHealthAsync(new HealthCheckContext(), CancellationToken);

        Assert.Equal(shown, result.Status);
    }

    [Fact]
    public async Task A_service_that_does_not_answer_is_unhealthy()
    {
        var result = await new HealthReportCheck(() => new Uri("http://127.0.0.1:9/health")).CheckHealthAsync(new HealthCheckContext(), CancellationToken);

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
    }

    [Theory]
    [InlineData("scimapi")]
    [InlineData("directory")]
    public async Task ScimApi_and_directory_are_checked_by_their_health_report(string service)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Workteam_AppHost>(
            ["Workteam:Infrastructure=Local", "Workteam:GatewayPort=0", "Workteam:MailUiPort=0"], CancellationToken);
        await using var app = await builder.BuildAsync(CancellationToken);
        var resource = app.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == service);

        var check = Assert.Single(resource.Annotations.OfType<HealthCheckAnnotation>());
        var registration = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<HealthCheckServiceOptions>>().Value.Registrations
            .Single(r => r.Name == check.Key);
        Assert.IsType<HealthReportCheck>(registration.Factory(app.Services));
    }

    /// <summary>A stand-in for a service's <c>/health</c>, written the way ASP.NET Core's health checks write it.</summary>
    private static async Task<WebApplication> ServiceReportingAsync(HealthStatus status)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddHealthChecks().AddCheck("reported", () => new HealthCheckResult(status));
        var app = builder.Build();
        app.MapHealthChecks("/health");
        await app.StartAsync(CancellationToken);
        return app;
    }
}
