using System.Globalization;
using System.Net.Http.Headers;
using Aspire.Hosting;
using Aspire.Hosting.Testing;

namespace Workteam.Benchmarks;

/// <summary>
/// Entra's authenticated Test Connection request (GET /Users?filter=userName eq "…") through the gateway and
/// straight to ScimApi (with the organization header the gateway would add), in one run on one machine.
/// </summary>
public static class GatewayOverheadBenchmark
{
    public static async Task<int> RunAsync(TimeSpan duration, int concurrency)
    {
        // The benchmark measures the gateway's cost, not its rate limit.
        await using var app = await BenchmarkApp.StartAsync("Gateway:Scim:RequestsPerSecond=1000000", "Gateway:Scim:Burst=1000000");
        var gatewayUrl = app.GetEndpoint("gateway", "http");
        var scimApiUrl = app.GetEndpoint("scimapi", "http");
        var (organizationId, token) = await BenchmarkApp.ProvisioningReadyAsync(gatewayUrl);
        var path = $"/scim/v2/{organizationId}/Users?filter={Uri.EscapeDataString($"userName eq \"{Guid.NewGuid()}\"")}";

        using var throughGateway = new HttpClient { BaseAddress = gatewayUrl };
        throughGateway.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var direct = new HttpClient { BaseAddress = scimApiUrl };
        direct.DefaultRequestHeaders.Add("X-Workteam-Organization-Id", organizationId.ToString());

        Func<Task<bool>> Send(HttpClient client) => async () =>
        {
            using var response = await client.GetAsync(path);
            return response.IsSuccessStatusCode;
        };

        // Warm both paths (JIT, tiered compilation, connection pools), then alternate and keep the last round,
        // so that neither path is measured on a colder process than the other.
        LoadResult directResult = null!, gatewayResult = null!;
        foreach (var round in new[] { TimeSpan.FromSeconds(5), duration, duration })
        {
            directResult = await LoadRun.RunAsync("ScimApi directly", round, concurrency, Send(direct));
            gatewayResult = await LoadRun.RunAsync("through the gateway", round, concurrency, Send(throughGateway));
        }

        Console.WriteLine($"Test Connection request, {concurrency} in flight, {duration.TotalSeconds:F0} s each, Local mode, {Environment.ProcessorCount} cores");
        Console.WriteLine();
        Console.WriteLine("| path | requests/s | p50 ms | p99 ms | failures |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var result in new[] { directResult, gatewayResult })
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {result.Name} | {result.RequestsPerSecond:F0} | {result.P50Milliseconds:F2} | {result.P99Milliseconds:F2} | {result.Failures} |"));
        }

        var throughputCost = 1 - gatewayResult.RequestsPerSecond / directResult.RequestsPerSecond;
        var p50Cost = gatewayResult.P50Milliseconds - directResult.P50Milliseconds;
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Gateway cost: {throughputCost:P1} throughput (target ≤ 15%), +{p50Cost:F2} ms p50 (target ≤ 1 ms)."));
        return directResult.Failures + gatewayResult.Failures == 0 ? 0 : 1;
    }
}
