using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Workteam.Contracts;
using Workteam.Notifier.Email;

namespace Workteam.Notifier.Tests;

/// <summary><c>workteam.mail.messages</c> counts each attempt to hand an email to the SMTP server by its result.</summary>
public sealed class EmailSenderMetricsTests : IDisposable
{
    private readonly ServiceProvider _meters = new ServiceCollection().AddMetrics().BuildServiceProvider();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_email_the_server_accepts_is_counted_sent_and_one_it_cannot_take_failed()
    {
        using var mails = new MetricCollector<long>(_meters.GetRequiredService<IMeterFactory>(), NotifierMetrics.MeterName, "workteam.mail.messages");
        using var server = new AcceptingSmtpServer();
        var email = new SendEmail(Guid.CreateVersion7(), "ada@contoso.com", "Hello", "Hello Ada", null);

        await Sender(server.Port).SendAsync(email, _ => Task.CompletedTask, Cancel);
        await Assert.ThrowsAnyAsync<Exception>(() => Sender(ClosedPort()).SendAsync(email, _ => Task.CompletedTask, Cancel));

        Assert.Equal(["sent", "failed"], mails.GetMeasurementSnapshot().Select(m => m.Tags["result"]));
    }

    private EmailSender Sender(int port) =>
        new(new SmtpOptions { Host = "127.0.0.1", Port = port, Timeout = TimeSpan.FromSeconds(5) },
            new NotifierMetrics(_meters.GetRequiredService<IMeterFactory>()), NullLogger<EmailSender>.Instance);

    private static int ClosedPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public void Dispose() => _meters.Dispose();

    /// <summary>Just enough of an SMTP server to accept one email (no STARTTLS, no authentication).</summary>
    private sealed class AcceptingSmtpServer : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

        public AcceptingSmtpServer()
        {
            _listener.Start();
            _ = Task.Run(ServeAsync);
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        private async Task ServeAsync()
        {
            using var client = await _listener.AcceptTcpClientAsync();
            await using var stream = client.GetStream();
            using var reader = new StreamReader(stream);
            await using var writer = new StreamWriter(stream) { NewLine = "\r\n", AutoFlush = true };
            await writer.WriteLineAsync("220 test SMTP");
            while (await reader.ReadLineAsync() is { } line)
            {
                var command = line.Split(' ')[0].ToUpperInvariant();
                if (command == "DATA")
                {
                    await writer.WriteLineAsync("354 go ahead");
                    while (await reader.ReadLineAsync() is { } data && data != ".")
                    {
                    }
                }

                await writer.WriteLineAsync(command switch
                {
                    "EHLO" or "HELO" => "250 test",
                    "QUIT" => "221 bye",
                    _ => "250 ok",
                });
                if (command == "QUIT")
                {
                    return;
                }
            }
        }

        public void Dispose() => _listener.Stop();
    }
}
