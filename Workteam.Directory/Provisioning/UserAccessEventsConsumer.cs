using MassTransit;
using Workteam.Contracts.Provisioning;

namespace Workteam.Directory.Provisioning;

/// <summary>
/// Deactivations, reactivations and deletions take access away or give it back, so they have a queue of their own:
/// a backlog of provisioning (an initial sync of thousands of users) never delays them. Applying them is the same as in
/// <see cref="UserEventsConsumer"/>; events of one user may therefore arrive out of order, which the
/// last-writer-wins versions already allow for.
/// </summary>
public sealed class UserAccessEventsConsumer(UserEventsConsumer users)
    : IConsumer<UserDeactivated>, IConsumer<UserReactivated>, IConsumer<UserDeleted>
{
    public Task Consume(ConsumeContext<UserDeactivated> context) => users.ApplyStateAsync(context);

    public Task Consume(ConsumeContext<UserReactivated> context) => users.ApplyStateAsync(context);

    public Task Consume(ConsumeContext<UserDeleted> context) => users.DeleteAsync(context);
}

public sealed class UserAccessEventsConsumerDefinition : ConsumerDefinition<UserAccessEventsConsumer>
{
    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<UserAccessEventsConsumer> consumerConfigurator, IRegistrationContext context) =>
        ProvisioningRetry.Configure(endpointConfigurator);
}
