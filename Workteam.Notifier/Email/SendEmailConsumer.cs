using MassTransit;
using Workteam.Contracts;

namespace Workteam.Notifier.Email;

public sealed class SendEmailConsumer(EmailSender sender) : IConsumer<SendEmail>
{
    public Task Consume(ConsumeContext<SendEmail> context) => sender.SendAsync(context.Message, context.CancellationToken);
}

/// <summary>An SMTP outage is retried with growing delays instead of dropping the email.</summary>
public sealed class SendEmailConsumerDefinition : ConsumerDefinition<SendEmailConsumer>
{
    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<SendEmailConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        endpointConfigurator.UseMessageRetry(retry => retry.Exponential(10, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(2)));
    }
}
