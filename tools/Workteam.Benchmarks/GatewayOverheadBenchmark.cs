using System.Globalization;
using System.Net.Http.Headers;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Workteam.Benchmarks.Load;

namespace Workteam.Benchmarks;

/// <summary>
/// Entra's authenticated Test Connection request (GET /Users?filter=userName eq "…") through the gateway and
/// straight to ScimApi (with the organization header and signed assertion the gateway would add), in one run on one machine; and,
/// for reference, through a plain YARP proxy that checks nothing (<see cref="PlainYarpProxy"/>).
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
        var trust = await BenchmarkApp.ServiceTrustAsync(app);
        using var direct = new HttpClient(new GatewayAssertion(trust, organizationId) { InnerHandler = new SocketsHttpHandler() }) { BaseAddress = scimApiUrl };
        await using var plainYarp = await PlainYarpProxy.StartAsync(app.GetEndpoint("scimapi", "h2c"), path,
            request => GatewayAssertion.AddTo(request, trust, organizationId));
        using var throughPlainYarp = new HttpClient(new GatewayAssertion(trust, organizationId) { InnerHandler = new SocketsHttpHandler() }) { BaseAddress = plainYarp.Url };

        Func<Task<bool>> Send(HttpClient client) => async () =>
        {
            using var response = await client.GetAsync(path);
            return response.IsSuccessStatusCode;
        };

        // Warm every path (JIT, tiered compilation, connection pools), then alternate and keep the last round, so
        // that no path is measured on a colder process than another. Each round measures throughput with
        // `concurrency` requests in flight (the machine saturated: latency there is mostly queueing) and latency
        // with one request at a time (what the extra hop itself adds to a request).
        var paths = new[] { ("ScimApi directly", direct), ("plain YARP", throughPlainYarp), ("through the gateway", throughGateway) };
        var saturated = new (LoadResult Result, IReadOnlyDictionary<string, double> Cpu)[paths.Length];
        var alone = new LoadResult[paths.Length];
        foreach (var round in new[] { TimeSpan.FromSeconds(5), duration, duration })
        {
            for (var i = 0; i < paths.Length; i++)
            {
                var (name, client) = paths[i];
                saturated[i] = await WithCpuAsync(() => LoadRun.RunAsync(name, round, concurrency, Send(client)));
                alone[i] = await LoadRun.RunAsync(name, round, 1, Send(client));
            }
        }

        Console.WriteLine($"Test Connection request, {duration.TotalSeconds:F0} s each, Local mode, {Environment.ProcessorCount} cores");
        Console.WriteLine();
        Console.WriteLine("| path | in flight | requests/s | p50 ms | p99 ms | failures |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var (result, inFlight) in saturated.Select(s => (s.Result, concurrency)).Concat(alone.Select(a => (a, 1))))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {result.Name} | {inFlight} | {result.RequestsPerSecond:F0} | {result.P50Milliseconds:F2} | {result.P99Milliseconds:F2} | {result.Failures} |"));
        }

        Console.WriteLine();
        Console.WriteLine($"| CPU µs per request, {concurrency} in flight | {string.Join(" | ", paths.Select(p => p.Item1))} |");
        Console.WriteLine($"|---|{string.Concat(paths.Select(_ => "---|"))}");
        foreach (var part in saturated.SelectMany(s => s.Cpu.Keys).Distinct().Order(StringComparer.Ordinal))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {part} | {string.Join(" | ", saturated.Select(s => s.Cpu.GetValueOrDefault(part).ToString("F0", CultureInfo.InvariantCulture)))} |"));
        }

        Console.WriteLine($"| **all** | {string.Join(" | ", saturated.Select(s => s.Cpu.Values.Sum().ToString("F0", CultureInfo.InvariantCulture)))} |");

        string Cost(int path) => string.Create(CultureInfo.InvariantCulture,
            $"{1 - saturated[path].Result.RequestsPerSecond / saturated[0].Result.RequestsPerSecond:P1} throughput; "
            + $"+{alone[path].P50Milliseconds - alone[0].P50Milliseconds:F2} ms p50 one request at a time, "
            + $"+{saturated[path].Result.P50Milliseconds - saturated[0].Result.P50Milliseconds:F2} ms p50 with {concurrency} in flight");
        Console.WriteLine();
        Console.WriteLine($"Gateway cost: {Cost(2)} (target: ≤ 1 ms p50 one request at a time; the throughput cost is for reference).");
        Console.WriteLine($"Plain YARP cost, for reference: {Cost(1)}.");
        var gatewayCpu = saturated[2].Cpu.GetValueOrDefault("gateway");
        var plainYarpCpu = saturated[1].Cpu.GetValueOrDefault(PlainYarpProxy.ServiceName);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"The gateway's CPU per request: {gatewayCpu:F0} µs against plain YARP's {plainYarpCpu:F0} µs, {gatewayCpu / plainYarpCpu:F2}× (target: ≤ 1.15×)."));
        return saturated.Sum(s => s.Result.Failures) + alone.Sum(a => a.Failures) == 0 ? 0 : 1;
    }

    private static async Task<(LoadResult Result, IReadOnlyDictionary<string, double> CpuMicrosecondsPerRequest)> WithCpuAsync(Func<Task<LoadResult>> run)
    {
        var before = ProcessCpu.SampleSeconds();
        var result = await run();
        var used = ProcessCpu.Between(before, ProcessCpu.SampleSeconds());
        return (result, used.ToDictionary(p => p.Key, p => p.Value * 1_000_000 / result.Requests, StringComparer.Ordinal));
    }
}
