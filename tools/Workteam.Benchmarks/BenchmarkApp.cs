using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

namespace Workteam.Benchmarks;

/// <summary>The whole Workteam app in Local mode on a fresh data folder, started for one benchmark run.</summary>
public static class BenchmarkApp
{
    public static async Task<DistributedApplication> StartAsync(params string[] settings)
    {
        var dataPath = Directory.CreateTempSubdirectory("workteam-bench-").FullName;
        if (!OperatingSystem.IsWindows())
        {
            // The local servers run as their own users when the benchmark runs as root.
            File.SetUnixFileMode(dataPath, (UnixFileMode)0b111_101_101);
        }
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Workteam_AppHost>(
        [
            "Workteam:Infrastructure=Local",
            $"Workteam:LocalDataPath={dataPath}",
            "Workteam:GatewayPort=0",
            "Workteam:MailUiPort=0",
            .. settings,
        ]);
        // Warnings and errors of the services (and PostgreSQL's log lines) go to standard error; the benchmark's
        // tables to standard output.
        builder.Services.AddLogging(logging => logging
            .SetMinimumLevel(LogLevel.Warning)
            .AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None));
        var app = await builder.BuildAsync();
        await app.StartAsync();
        // Every server, database and service replica has a health check.
        var resources = app.Services.GetRequiredService<DistributedApplicationModel>().Resources
            .Where(r => r.Annotations.OfType<HealthCheckAnnotation>().Any());
        await Task.WhenAll(resources.Select(r => app.ResourceNotifications.WaitForResourceHealthyAsync(r.Name)));
        return app;
    }

    /// <summary>
    /// A new organization with provisioning enabled and a SCIM token, set up through the admin API. Without
    /// <paramref name="invitations"/>, provisioned members get no invitation email (mass creates would queue
    /// thousands of them).
    /// </summary>
    public static async Task<(Guid OrganizationId, string Token)> ProvisioningReadyAsync(Uri gatewayUrl, bool invitations = true)
    {
        using var gateway = new HttpClient { BaseAddress = gatewayUrl };
        var email = $"bench-{Guid.NewGuid():N}@example.test";
        const string password = "benchmark password 1";
        var created = await (await gateway.PostAsJsonAsync("/api/organizations", new { name = "Benchmark", adminEmail = email, adminPassword = password })).Content.ReadFromJsonAsync<JsonElement>();
        var organizationId = created.GetProperty("organizationId").GetGuid();
        var session = await (await gateway.PostAsJsonAsync("/api/sessions", new { email, password })).Content.ReadFromJsonAsync<JsonElement>();
        gateway.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", session.GetProperty("accessToken").GetString());
        (await gateway.PutAsJsonAsync($"/api/organizations/{organizationId}/scim", new { enabled = true, invitationsEnabled = invitations })).EnsureSuccessStatusCode();
        var token = await (await gateway.PostAsync($"/api/organizations/{organizationId}/scim/tokens", null)).Content.ReadFromJsonAsync<JsonElement>();
        return (organizationId, token.GetProperty("token").GetString()!);
    }
}
