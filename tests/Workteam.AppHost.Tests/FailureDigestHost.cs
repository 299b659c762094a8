using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace Workteam.AppHost.Tests;

/// <summary>
/// A Workteam of its own for the failure digest tests: a 20-second digest window, a digest check every second
/// at most 2 s between attempts to send while the SMTP server is down and between asking again for a missing
/// notification email, so windows and retries pass quickly; a digest lists at most 5 failures. Notifier logs a
/// failure delivered twice (at Debug), so the tests can tell the second delivery was consumed.
/// </summary>
public sealed class FailureDigestHost : IAsyncLifetime
{
    public const int MaxFailuresPerDigest = 5;

    public static readonly TimeSpan Window = TimeSpan.FromSeconds(20);

    private RunningAppHost? _host;

    public RunningAppHost Host => _host ?? throw new InvalidOperationException("The app host is not started.");

    public async ValueTask InitializeAsync() =>
        _host = await RunningAppHost.StartAsync(
            RunningAppHost.NewDataPath(),
            builder => builder.CreateResourceBuilder(builder.Resources.OfType<ProjectResource>().Single(r => r.Name == "notifier"))
                .WithEnvironment("Logging__LogLevel__Workteam.Notifier.Digests.ProvisioningFailedConsumer", "Debug"),
            TestContext.Current.CancellationToken,
            TimeSpan.FromMinutes(4),
            $"Notifier:DigestWindow={Window}",
            "Notifier:DigestPollInterval=00:00:01",
            "Notifier:SendRetryMaxDelay=00:00:02",
            "Notifier:MissingRecipientRetry=00:00:02",
            $"Notifier:MaxFailuresPerDigest={MaxFailuresPerDigest}");

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
