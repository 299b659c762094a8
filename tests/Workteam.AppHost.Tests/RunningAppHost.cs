using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Workteam.Testing;

namespace Workteam.AppHost.Tests;

/// <summary>
/// The whole Workteam app started in Local mode on the machine's PostgreSQL, RabbitMQ and smtp4dev,
/// with its server data in <see cref="DataPath"/> and ports chosen freely.
/// </summary>
public sealed class RunningAppHost : IAsyncDisposable
{
    public static readonly string[] Resources =
        ["postgres", "scimdb", "directorydb", "notifierdb", "messaging", "smtp", "scimapi", "directory", "notifier", "gateway"];

    private readonly Dictionary<string, System.Text.StringBuilder> _logs = [];
    private readonly CancellationTokenSource _stopping = new();

    private RunningAppHost(DistributedApplication app, string dataPath)
    {
        App = app;
        DataPath = dataPath;
        CollectLogs(_stopping.Token);
    }

    public DistributedApplication App { get; }

    public string DataPath { get; }

    public static string NewDataPath() => LocalApp.NewDataPath("workteam-test-");

    public static Task<RunningAppHost> StartAsync(string dataPath, CancellationToken cancellationToken, params string[] settings) =>
        StartAsync(dataPath, cancellationToken, TimeSpan.FromMinutes(4), settings);

    public static Task<RunningAppHost> StartAsync(string dataPath, CancellationToken cancellationToken, TimeSpan startTimeout, params string[] settings) =>
        StartAsync(dataPath, configure: null, cancellationToken, startTimeout, settings);

    /// <summary>Starts the app after <paramref name="configure"/> changed its model (a server's options, say).</summary>
    public static async Task<RunningAppHost> StartAsync(
        string dataPath, Action<IDistributedApplicationTestingBuilder>? configure, CancellationToken cancellationToken, TimeSpan startTimeout, params string[] settings)
    {
        var app = await LocalApp.BuildAsync(dataPath, settings, configure, cancellationToken);
        var running = new RunningAppHost(app, dataPath);
        try
        {
            await app.StartHealthyAsync(startTimeout, cancellationToken);
            return running;
        }
        catch
        {
            await running.DisposeAsync();
            throw;
        }
    }

    public HttpClient CreateGatewayClient() => new() { BaseAddress = App.GetEndpoint("gateway", "http") };

    public HttpClient CreateMailClient() => new() { BaseAddress = App.GetEndpoint("smtp", "http") };

    public async Task<string> ConnectionStringAsync(string resource) =>
        await App.GetConnectionStringAsync(resource) ?? throw new InvalidOperationException($"{resource} has no connection string");

    /// <summary>Everything the resource has logged since the app host started.</summary>
    public string LogsOf(string resource)
    {
        var logs = _logs[resource];
        lock (logs)
        {
            return logs.ToString();
        }
    }

    /// <summary>Follows the log of every instance of every resource (instances have ids such as <c>gateway-x7k2</c>).</summary>
    private void CollectLogs(CancellationToken stopping)
    {
        foreach (var resource in Resources)
        {
            _logs[resource] = new System.Text.StringBuilder();
        }

        var loggerService = App.Services.GetRequiredService<ResourceLoggerService>();
        var followed = new HashSet<string>();
        _ = Task.Run(async () =>
        {
            await foreach (var resourceEvent in App.ResourceNotifications.WatchAsync(stopping))
            {
                if (!_logs.TryGetValue(resourceEvent.Resource.Name, out var logs) || !followed.Add(resourceEvent.ResourceId))
                {
                    continue;
                }

                _ = Task.Run(async () =>
                {
                    await foreach (var batch in loggerService.WatchAsync(resourceEvent.ResourceId).WithCancellation(stopping))
                    {
                        lock (logs)
                        {
                            foreach (var line in batch)
                            {
                                logs.AppendLine(line.Content);
                            }
                        }
                    }
                }, stopping);
            }
        }, stopping);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
