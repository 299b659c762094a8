using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace Workteam.AppHost.Tests;

/// <summary>
/// One running Workteam (Local mode, fresh data folder) shared by the test classes of
/// <see cref="SharedAppHostCollection"/>: starting the whole app takes half a minute on two cores.
/// Tests keep to organizations they create themselves, so they do not see each other's data.
/// </summary>
public sealed class SharedAppHost : IAsyncLifetime
{
    private RunningAppHost? _host;

    public RunningAppHost Host => _host ?? throw new InvalidOperationException("The app host is not started.");

    public async ValueTask InitializeAsync() =>
        _host = await RunningAppHost.StartAsync(
            RunningAppHost.NewDataPath(),
            // DirectoryProvisioningTests waits for Directory's line about a message delivered a second time.
            builder => builder.CreateResourceBuilder(builder.Resources.OfType<ProjectResource>().Single(r => r.Name == "directory"))
                .WithEnvironment("Logging__LogLevel__Workteam.Directory.Provisioning.UserEventsConsumer", "Debug"),
            TestContext.Current.CancellationToken,
            TimeSpan.FromMinutes(4),
            // Many tests share one client address; the failed-authentication limit has its own test host.
            "Gateway:Scim:FailedAuthenticationsPerMinute=100000",
            // PasswordResetTests and ConsoleTests ask for more resets than one address may in an hour; SignInLimitTests checks the limit.
            "Directory:SignInLimits:PasswordResetsPerAddressPerHour=1000",
            // RetentionPruningTests and NotifierRetentionTests wait for a pruning round.
            "Directory:Retention:PruneInterval=00:00:01",
            "Notifier:Retention:PruneInterval=00:00:01");

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SharedAppHostCollection : ICollectionFixture<SharedAppHost>
{
    public const string Name = "Shared running app host";
}
