using MassTransit;
using Workteam.Contracts;
using Workteam.Directory.Provisioning;

namespace Workteam.Directory.Invitations;

/// <summary>Marks an invitation sent when Notifier reports that the SMTP server accepted its email.</summary>
public sealed class EmailSentConsumer(InvitationService invitations) : IConsumer<EmailSent>
{
    public Task Consume(ConsumeContext<EmailSent> context) =>
        invitations.MarkSentAsync(context.Message.MessageId, context.Message.AcceptedAt, context.CancellationToken);
}

public sealed class EmailSentConsumerDefinition : ConsumerDefinition<EmailSentConsumer>
{
    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<EmailSentConsumer> consumerConfigurator, IRegistrationContext context) =>
        ProvisioningRetry.Configure(endpointConfigurator);
}
