using MassTransit;
using Workteam.Contracts.Provisioning;

namespace Workteam.Directory.Provisioning;

/// <summary>
/// A user event that failed inside a batch and again on its own comes here, so that it is retried, and in the end
/// moved to the <c>_error</c> queue and reported, by itself; nothing publishes to this queue.
/// </summary>
public sealed class UserEventsOneAtATimeConsumer(UserEventsConsumer users)
    : IConsumer<UserProvisioned>, IConsumer<UserUpdated>, IConsumer<UserRolesChanged>
{
    public const string QueueName = "user-events-one-at-a-time";

    public static readonly Uri Queue = new($"queue:{QueueName}");

    public Task Consume(ConsumeContext<UserProvisioned> context) => users.ApplyStateAsync(context);

    public Task Consume(ConsumeContext<UserUpdated> context) => users.ApplyStateAsync(context);

    public Task Consume(ConsumeContext<UserRolesChanged> context) => users.ApplyStateAsync(context);
}

public sealed class UserEventsOneAtATimeConsumerDefinition : ConsumerDefinition<UserEventsOneAtATimeConsumer>
{
    public UserEventsOneAtATimeConsumerDefinition() => EndpointName = UserEventsOneAtATimeConsumer.QueueName;

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<UserEventsOneAtATimeConsumer> consumerConfigurator, IRegistrationContext context)
    {
        // Only what a batch sends here: no subscription to the published events.
        endpointConfigurator.ConfigureConsumeTopology = false;
        ProvisioningRetry.Configure(endpointConfigurator);
    }
}
