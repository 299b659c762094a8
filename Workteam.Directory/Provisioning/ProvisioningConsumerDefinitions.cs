using MassTransit;

namespace Workteam.Directory.Provisioning;

/// <summary>
/// Transient failures (a database restart, a lock timeout, two deliveries racing) are retried a few times within
/// half a minute; a message that still fails goes to the endpoint's <c>_error</c> queue and its fault is reported
/// by <see cref="ProvisioningFaultConsumer"/>.
/// </summary>
public static class ProvisioningRetry
{
    public static void Configure(IReceiveEndpointConfigurator endpoint) =>
        endpoint.UseMessageRetry(retry => retry.Intervals(
            TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15)));
}

public sealed class UserEventsConsumerDefinition : ConsumerDefinition<UserEventsConsumer>
{
    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<UserEventsConsumer> consumerConfigurator, IRegistrationContext context) =>
        ProvisioningRetry.Configure(endpointConfigurator);
}

public sealed class GroupEventsConsumerDefinition : ConsumerDefinition<GroupEventsConsumer>
{
    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<GroupEventsConsumer> consumerConfigurator, IRegistrationContext context) =>
        ProvisioningRetry.Configure(endpointConfigurator);
}
