namespace Workteam.AppHost.Tests;

/// <summary>
/// A Workteam of its own for the failure digest tests: a 20-second digest window, a digest check every second
/// at most 2 s between attempts to send while the SMTP server is down and between asking again for a missing
/// notification email, so windows and retries pass quickly; a digest lists at most 5 failures.
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
            TestContext.Current.CancellationToken,
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
