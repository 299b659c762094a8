using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace Workteam.Testing.Faults;

/// <summary>
/// When a fault struck and when its resource was back (healthy again, thawed, or for a killed replica: dead, since
/// it stays so); <see cref="Failure"/> says why it did not come back.
/// </summary>
public sealed record FaultTimes(DateTimeOffset InjectedAt, DateTimeOffset RecoveredAt, string? Failure);

/// <summary>Injects one fault into a running app and recovers from it as an operator would.</summary>
public static class FaultInjector
{
    public static async Task<FaultTimes> InjectAsync(DistributedApplication app, Fault fault, FaultMatrixSettings settings, CancellationToken cancellationToken)
    {
        var injectedAt = DateTimeOffset.UtcNow;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(settings.RecoveryTimeout);
        try
        {
            switch (fault.Kind)
            {
                case FaultKind.KillAndRestart:
                    await KillAsync(app, fault.Resource, limit.Token);
                    await StartAsync(app, fault.Resource, limit.Token);
                    break;
                case FaultKind.Freeze:
                    using (ResourceSignals.Freeze(app, fault.Resource))
                    {
                        // How long the process hangs is the fault itself (10 s in the issue), not a wait for something.
                        await Task.Delay(settings.FreezeFor, limit.Token);
                    }

                    await app.ResourceNotifications.WaitForResourceHealthyAsync(fault.Resource, limit.Token);
                    break;
                case FaultKind.KillReplica:
                    await KillAsync(app, fault.Resource, limit.Token);
                    break;
            }

            return new FaultTimes(injectedAt, DateTimeOffset.UtcNow, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new FaultTimes(injectedAt, DateTimeOffset.UtcNow, $"{fault.Resource} was not healthy again within {settings.RecoveryTimeout.TotalSeconds:F0} s");
        }
        catch (Exception exception) when (exception is InvalidOperationException or DistributedApplicationException)
        {
            return new FaultTimes(injectedAt, DateTimeOffset.UtcNow, exception.Message);
        }
    }

    /// <summary>Starts a killed replica again, so that the next fault finds the app whole.</summary>
    public static async Task RestoreAsync(DistributedApplication app, Fault fault, FaultMatrixSettings settings, CancellationToken cancellationToken)
    {
        if (fault.Kind != FaultKind.KillReplica)
        {
            return;
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(settings.RecoveryTimeout);
        await StartAsync(app, fault.Resource, limit.Token);
    }

    private static async Task KillAsync(DistributedApplication app, string resource, CancellationToken cancellationToken)
    {
        ResourceSignals.Kill(app, resource);
        await app.ResourceNotifications.WaitForResourceAsync(resource, KnownResourceStates.TerminalStates, cancellationToken);
    }

    /// <summary>The dashboard's start command for a resource that exited, then waits until it is healthy.</summary>
    private static async Task StartAsync(DistributedApplication app, string resource, CancellationToken cancellationToken)
    {
        var started = await app.Services.GetRequiredService<ResourceCommandService>()
            .ExecuteCommandAsync(resource, KnownResourceCommands.StartCommand, cancellationToken);
        if (!started.Success)
        {
            throw new InvalidOperationException($"Starting {resource} again failed: {started.Message}");
        }

        await app.ResourceNotifications.WaitForResourceHealthyAsync(resource, cancellationToken);
    }
}
