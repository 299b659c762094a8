using MassTransit;

namespace Workteam.Directory.Provisioning;

/// <summary>
/// A failure of the database or the broker (<see cref="TransientFailures"/>) is waited out: the message is tried again
/// after growing pauses of at most <see cref="LongestPause"/>, for as long as the outage lasts, so a deactivation
/// is applied within seconds of the database's return (decision 0014). Any other failure is tried a few more times
/// within half a minute (two deliveries racing can fail once); a message that still fails goes to the endpoint's
/// <c>_error</c> queue and its fault is reported by <see cref="ProvisioningFaultConsumer"/>.
/// </summary>
public static class ProvisioningRetry
{
    /// <summary>
    /// The longest pause between two attempts, of a message and of the database execution strategy within one
    /// attempt (whose own default pauses grow to 30 s): after an outage, access is taken away within about twice this.
    /// </summary>
    public static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(4);

    /// <summary>Attempts of one statement or transaction before the failure reaches the message's retry.</summary>
    public const int DatabaseRetries = 3;

    public static void Configure(IReceiveEndpointConfigurator endpoint)
    {
        endpoint.UseMessageRetry(retry => retry.Intervals(
            TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15)));
        endpoint.UseMessageRetry(retry =>
        {
            retry.Handle<Exception>(TransientFailures.IsTransient);
            retry.Exponential(int.MaxValue, TimeSpan.FromMilliseconds(100), LongestPause, TimeSpan.FromMilliseconds(500));
        });
    }
}

/// <summary>
/// Provisioning events are applied in batches of up to 50, gathered for at most 20 ms after the first arrives, two
/// batches at a time: an initial sync's events then cost one transaction per batch instead of one each, and a
/// lone event waits no more than 20 ms.
/// </summary>
public sealed class UserEventsConsumerDefinition : ConsumerDefinition<UserEventsConsumer>
{
    public const int BatchSize = 50;

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<UserEventsConsumer> consumerConfigurator, IRegistrationContext context)
    {
        ProvisioningRetry.Configure(endpointConfigurator);
        consumerConfigurator.Options<BatchOptions>(batch => batch
            .SetMessageLimit(BatchSize)
            .SetTimeLimit(TimeSpan.FromMilliseconds(20))
            .SetConcurrencyLimit(2));
    }
}

public sealed class GroupEventsConsumerDefinition : ConsumerDefinition<GroupEventsConsumer>
{
    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<GroupEventsConsumer> consumerConfigurator, IRegistrationContext context) =>
        ProvisioningRetry.Configure(endpointConfigurator);
}

public sealed class ScimRequestActivityConsumerDefinition : ConsumerDefinition<Activity.ScimRequestActivityConsumer>
{
    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<Activity.ScimRequestActivityConsumer> consumerConfigurator,
        IRegistrationContext context) =>
        ProvisioningRetry.Configure(endpointConfigurator);
}

/// <summary>
/// A fault report that arrives while the database is down waits for it like the events do, instead of going
/// straight to <c>provisioning-fault_error</c> (decision 0023).
/// </summary>
public sealed class ProvisioningFaultConsumerDefinition : ConsumerDefinition<ProvisioningFaultConsumer>
{
    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<ProvisioningFaultConsumer> consumerConfigurator, IRegistrationContext context) =>
        ProvisioningRetry.Configure(endpointConfigurator);
}
