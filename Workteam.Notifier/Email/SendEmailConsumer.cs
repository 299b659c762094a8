using MassTransit;
using Workteam.Contracts;

namespace Workteam.Notifier.Email;

/// <summary>
/// Sends the email and, once the SMTP server accepted it, publishes <see cref="EmailSent"/> so the sender can tell
/// a mail that was delivered from one that is still waiting.
/// </summary>
public sealed class SendEmailConsumer(EmailSender sender, TimeProvider clock, ILogger<SendEmailConsumer> logger) : IConsumer<SendEmail>
{
    public async Task Consume(ConsumeContext<SendEmail> context)
    {
        var email = context.Message;
        try
        {
            await sender.SendAsync(email, context.CancellationToken);
        }
        catch (Exception e) when (!context.CancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Sending email {MessageId} failed (attempt {Attempt}): {Error}", email.MessageId, context.GetRetryAttempt() + 1, e.Message);
            throw;
        }

        await context.Publish(new EmailSent(email.MessageId, clock.GetUtcNow()), context.CancellationToken);
    }
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
