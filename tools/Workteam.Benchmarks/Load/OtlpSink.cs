using System.Net;
using System.Net.Sockets;

namespace Workteam.Benchmarks.Load;

/// <summary>
/// An OTLP/HTTP endpoint that takes every export (traces, metrics, logs) and drops it: the services export as they do
/// to the dashboard, and what receiving costs lands on this process (the load generator), not on the app.
/// </summary>
public sealed class OtlpSink : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _receiving;

    public OtlpSink()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Endpoint = $"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}";
        probe.Stop();
        _listener.Prefixes.Add(Endpoint + "/");
        _listener.Start();
        _receiving = Task.Run(ReceiveAsync);
    }

    /// <summary>The value for <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (with <c>OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf</c>).</summary>
    public string Endpoint { get; }

    private async Task ReceiveAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(async () =>
            {
                await context.Request.InputStream.CopyToAsync(Stream.Null);
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/x-protobuf";
                context.Response.Close();
            });
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _receiving;
    }
}
