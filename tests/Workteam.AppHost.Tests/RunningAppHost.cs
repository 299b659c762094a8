using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

namespace Workteam.AppHost.Tests;

/// <summary>
/// The whole Workteam app started in Local mode on the machine's PostgreSQL, RabbitMQ and smtp4dev,
/// with its server data in <see cref="DataPath"/> and ports chosen freely.
/// </summary>
public sealed class RunningAppHost : IAsyncDisposable
{
    public static readonly string[] Resources =
        ["postgres", "scimdb", "directorydb", "messaging", "smtp", "scimapi", "directory", "notifier", "gateway"];

    private RunningAppHost(DistributedApplication app, string dataPath)
    {
        App = app;
        DataPath = dataPath;
    }

    public DistributedApplication App { get; }

    public string DataPath { get; }

    public static string NewDataPath()
    {
        var path = Directory.CreateTempSubdirectory("workteam-test-").FullName;
        // The servers run as their own users when the tests run as root: they must reach their folders.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
        }

        return path;
    }

    public static async Task<RunningAppHost> StartAsync(string dataPath, CancellationToken cancellationToken)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Workteam_AppHost>(
            [
                "Workteam:Infrastructure=Local",
                $"Workteam:LocalDataPath={dataPath}",
                "Workteam:GatewayPort=0",
                "Workteam:MailUiPort=0",
            ],
            (options, _) => options.DisableDashboard = true,
            cancellationToken);
        var app = await builder.BuildAsync(cancellationToken);
        var running = new RunningAppHost(app, dataPath);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromMinutes(4));
            await app.StartAsync(timeout.Token);
            await Task.WhenAll(Resources.Select(r => app.ResourceNotifications.WaitForResourceHealthyAsync(r, timeout.Token)));
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

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
