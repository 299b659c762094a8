using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Workteam.AppHost;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;

namespace Workteam.Benchmarks;

/// <summary>
/// The gateway benchmark's reference: YARP forwarding every request to ScimApi with nothing of Workteam's (no token
/// check, no rate limit, no body guard), in a process of its own started with the gateway's runtime settings and
/// speaking HTTP/2 to ScimApi as the gateway does. Its cost against the gateway's separates what the proxy hop
/// itself costs on this machine from what Workteam adds.
/// </summary>
public sealed class PlainYarpProxy : IAsyncDisposable
{
    public const string Command = "plain-yarp";

    /// <summary>The proxy process's name in the CPU table.</summary>
    public const string ServiceName = "plain YARP";
    private readonly Process _process;

    private PlainYarpProxy(Process process, Uri url)
    {
        _process = process;
        Url = url;
    }

    public Uri Url { get; }

    /// <summary>Starts this benchmark executable again as the proxy and waits until it forwards <paramref name="probePath"/>.</summary>
    public static async Task<PlainYarpProxy> StartAsync(Uri upstream, string probePath, Action<HttpRequestMessage> authorize)
    {
        var url = new Uri($"http://127.0.0.1:{FreePort()}/");
        var start = new ProcessStartInfo(Environment.ProcessPath!, [Command, upstream.ToString(), url.ToString()]) { UseShellExecute = false };
        // What the app host gives the gateway and its project file sets (workstation, non-concurrent GC);
        // OTEL_SERVICE_NAME names the process in the CPU table.
        foreach (var (name, value) in WorkteamServicesBuilderExtensions.LeanRuntime.Concat(WorkteamServicesBuilderExtensions.GatewayRuntime))
        {
            start.Environment[name] = value;
        }

        start.Environment["DOTNET_gcServer"] = "0";
        start.Environment["DOTNET_gcConcurrent"] = "0";
        start.Environment["OTEL_SERVICE_NAME"] = ServiceName;

        var proxy = new PlainYarpProxy(Process.Start(start)!, url);
        using var client = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(2) };
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                using var probe = new HttpRequestMessage(HttpMethod.Get, probePath);
                authorize(probe);
                using var response = await client.SendAsync(probe);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return proxy;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        await proxy.DisposeAsync();
        throw new InvalidOperationException($"The plain YARP proxy did not forward {probePath} to {upstream} within 20 s.");
    }

    /// <summary>The child process's whole life: forward everything at <paramref name="listen"/> to <paramref name="upstream"/>.</summary>
    public static async Task<int> RunAsync(string upstream, string listen)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddReverseProxy().LoadFromMemory(
            [new RouteConfig { RouteId = "all", ClusterId = "scimapi", Match = new RouteMatch { Path = "/{**rest}" } }],
            [new ClusterConfig
            {
                ClusterId = "scimapi",
                Destinations = new Dictionary<string, DestinationConfig> { ["scimapi"] = new() { Address = upstream } },
                // As the gateway does: HTTP/2 to ScimApi's HTTP/2 endpoint.
                HttpRequest = new ForwarderRequestConfig { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact },
            }]);
        var app = builder.Build();
        app.MapReverseProxy();
        await app.RunAsync(listen);
        return 0;
    }

    public async ValueTask DisposeAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
