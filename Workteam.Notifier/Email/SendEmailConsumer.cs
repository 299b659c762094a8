using MassTransit;
using Microsoft.Extensions.Options;
using Workteam.Contracts;

namespace Workteam.Notifier.Email;

/// <summary>
/// Sends the email, at most once per message id (<see cref="OnceOnlyMail"/>), and publishes <see cref="EmailSent"/>
/// once the SMTP server accepted it (again for a repeated message, so the sender hears of it even if the first
/// report was lost) so the sender can tell a mail that was delivered from one that is still waiting.
/// </summary>
public sealed class SendEmailConsumer(OnceOnlyMail mail, TimeProvider clock, ILogger<SendEmailConsumer> logger) : IConsumer<SendEmail>
{
    public async Task Consume(ConsumeContext<SendEmail> context)
    {
        var email = context.Message;
        MailOutcome outcome;
        try
        {
            outcome = await SendOnceEarlierSendingsEndedAsync(email, context.CancellationToken);
        }
        catch (Exception e) when (!context.CancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Sending email {MessageId} failed (attempt {Attempt}): {Error}", email.MessageId, context.GetRetryAttempt() + 1, e.Message);
            throw;
        }

        await context.Publish(new EmailSent(email.MessageId, outcome.AcceptedAt), context.CancellationToken);
    }

    /// <summary>How often a delivery that found the email claimed by another looks again: a sending under way ends within seconds.</summary>
    private static readonly TimeSpan ClaimPollInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A delivery that finds the email claimed by another (a redelivery whose Notifier died while sending, or one
    /// racing it) looks again every <see cref="ClaimPollInterval"/> until that one is accepted or its claim expires.
    /// Spending retries on it instead would fault an email nobody failed to send when the retries end before the
    /// claim does.
    /// </summary>
    private async Task<MailOutcome> SendOnceEarlierSendingsEndedAsync(SendEmail email, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return await mail.SendAsync(email, cancellationToken);
            }
            catch (EmailBeingSentException e)
            {
                var wait = (e.ClaimedUntil ?? clock.GetUtcNow()) - clock.GetUtcNow();
                wait = TimeSpan.FromTicks(Math.Clamp(wait.Ticks, TimeSpan.FromMilliseconds(200).Ticks, ClaimPollInterval.Ticks));
                logger.LogInformation("Email {MessageId} is claimed by another delivery until {ClaimedUntil}; trying again in {Wait}",
                    email.MessageId, e.ClaimedUntil, wait);
                await Task.Delay(wait, clock, cancellationToken);
            }
        }
    }
}

/// <summary>The <c>Notifier:EmailRetry</c> settings: how long an email is retried before it goes to the <c>_error</c> queue.</summary>
public sealed class EmailRetryOptions
{
    public const string Section = "Notifier:EmailRetry";

    /// <summary>Attempts after the first; then the email is faulted, and an invitation's failure reported (decision 0017).</summary>
    public int Limit { get; set; } = 10;

    public TimeSpan FirstDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(2);
}

/// <summary>An SMTP outage is retried with growing delays instead of dropping the email.</summary>
public sealed class SendEmailConsumerDefinition(IOptions<EmailRetryOptions> options) : ConsumerDefinition<SendEmailConsumer>
{
    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<SendEmailConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        var retry = options.Value;
        endpointConfigurator.UseMessageRetry(r => r.Exponential(retry.Limit, retry.FirstDelay, retry.MaxDelay, retry.FirstDelay * 2));
    }
}
