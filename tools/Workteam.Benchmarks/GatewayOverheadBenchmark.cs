using System.Globalization;
using System.Net.Http.Headers;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Workteam.Benchmarks.Load;

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
        // so that neither path is measured on a colder process than the other. Each round measures throughput with
        // `concurrency` requests in flight (the machine saturated: latency there is mostly queueing) and latency
        // with one request at a time (what the extra hop itself adds to a request).
        LoadResult directResult = null!, gatewayResult = null!, directAlone = null!, gatewayAlone = null!;
        IReadOnlyDictionary<string, double> directCpu = null!, gatewayCpu = null!;
        foreach (var round in new[] { TimeSpan.FromSeconds(5), duration, duration })
        {
            (directResult, directCpu) = await WithCpuAsync(() => LoadRun.RunAsync("ScimApi directly", round, concurrency, Send(direct)));
            (gatewayResult, gatewayCpu) = await WithCpuAsync(() => LoadRun.RunAsync("through the gateway", round, concurrency, Send(throughGateway)));
            directAlone = await LoadRun.RunAsync("ScimApi directly", round, 1, Send(direct));
            gatewayAlone = await LoadRun.RunAsync("through the gateway", round, 1, Send(throughGateway));
        }

        Console.WriteLine($"Test Connection request, {duration.TotalSeconds:F0} s each, Local mode, {Environment.ProcessorCount} cores");
        Console.WriteLine();
        Console.WriteLine("| path | in flight | requests/s | p50 ms | p99 ms | failures |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var (result, inFlight) in new[] { (directResult, concurrency), (gatewayResult, concurrency), (directAlone, 1), (gatewayAlone, 1) })
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {result.Name} | {inFlight} | {result.RequestsPerSecond:F0} | {result.P50Milliseconds:F2} | {result.P99Milliseconds:F2} | {result.Failures} |"));
        }

        Console.WriteLine();
        Console.WriteLine($"| CPU µs per request, {concurrency} in flight | ScimApi directly | through the gateway |");
        Console.WriteLine("|---|---|---|");
        foreach (var part in gatewayCpu.Keys.Union(directCpu.Keys).Order(StringComparer.Ordinal))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {part} | {directCpu.GetValueOrDefault(part):F0} | {gatewayCpu.GetValueOrDefault(part):F0} |"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| **all** | {directCpu.Values.Sum():F0} | {gatewayCpu.Values.Sum():F0} |"));

        var throughputCost = 1 - gatewayResult.RequestsPerSecond / directResult.RequestsPerSecond;
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Gateway cost: {throughputCost:P1} throughput (target ≤ 15%); +{gatewayAlone.P50Milliseconds - directAlone.P50Milliseconds:F2} ms p50 "
            + $"one request at a time (target ≤ 1 ms), +{gatewayResult.P50Milliseconds - directResult.P50Milliseconds:F2} ms p50 with {concurrency} in flight."));
        return directResult.Failures + gatewayResult.Failures + directAlone.Failures + gatewayAlone.Failures == 0 ? 0 : 1;
    }

    private static async Task<(LoadResult Result, IReadOnlyDictionary<string, double> CpuMicrosecondsPerRequest)> WithCpuAsync(Func<Task<LoadResult>> run)
    {
        var before = ProcessCpu.SampleSeconds();
        var result = await run();
        var used = ProcessCpu.Between(before, ProcessCpu.SampleSeconds());
        return (result, used.ToDictionary(p => p.Key, p => p.Value * 1_000_000 / result.Requests, StringComparer.Ordinal));
    }
}
