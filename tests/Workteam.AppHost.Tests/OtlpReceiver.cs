using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Workteam.AppHost.Tests;

/// <summary>
/// An OTLP/HTTP endpoint inside the test: every export request (traces, logs, metrics as protobuf) is kept as raw
/// bytes. Protobuf stores strings as plain UTF-8, so searching the bytes finds any text a service exported.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly List<(string Path, byte[] Body)> _exports = [];
    private readonly Task _receiving;

    public OtlpReceiver()
    {
        Endpoint = $"http://127.0.0.1:{FreePort()}";
        _listener.Prefixes.Add(Endpoint + "/");
        _listener.Start();
        _receiving = Task.Run(ReceiveAsync);
    }

    /// <summary>The value for <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (with <c>OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf</c>).</summary>
    public string Endpoint { get; }

    /// <summary>Everything exported to <paramref name="signal"/> (<c>/v1/traces</c>, <c>/v1/logs</c>, …) so far, as text.</summary>
    public string Received(string signal)
    {
        lock (_exports)
        {
            return string.Join('\n', _exports.Where(e => e.Path == signal).Select(e => Encoding.UTF8.GetString(e.Body)));
        }
    }

    /// <summary>Every span exported so far.</summary>
    public List<ExportedSpan> Spans()
    {
        lock (_exports)
        {
            return [.. _exports.Where(e => e.Path == "/v1/traces").SelectMany(e => ExportedSpans.Read(e.Body))];
        }
    }

    public async Task WaitForAsync(string signal, string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Received(signal).Contains(text, StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, $"No {signal} export contained '{text}' within {timeout}.");
            await Task.Delay(250, TestContext.Current.CancellationToken);
        }
    }

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

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            lock (_exports)
            {
                _exports.Add((context.Request.Url!.AbsolutePath, body.ToArray()));
            }

            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close();
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _receiving;
    }
}
