using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Workteam.Contracts;

namespace Workteam.Notifier.Email;

/// <summary>Delivers emails over SMTP with MailKit.</summary>
public sealed class EmailSender(SmtpOptions options, ILogger<EmailSender> logger)
{
    public async Task SendAsync(SendEmail email, CancellationToken cancellationToken)
    {
        var message = new MimeMessage
        {
            MessageId = $"{email.MessageId:N}@workteam",
            Subject = email.Subject,
        };
        message.From.Add(new MailboxAddress(options.FromName, options.FromAddress));
        message.To.Add(MailboxAddress.Parse(email.To));
        message.Body = new BodyBuilder { TextBody = email.TextBody, HtmlBody = email.HtmlBody }.ToMessageBody();

        using var client = await ConnectAsync(cancellationToken);
        await client.SendAsync(message, cancellationToken);
        try
        {
            await client.DisconnectAsync(quit: true, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The server has accepted the email: failing to say goodbye must not make the caller send it again.
            logger.LogDebug(e, "Disconnecting from the SMTP server after email {MessageId} failed", email.MessageId);
        }

        logger.LogInformation("Sent email {MessageId} ({Subject})", email.MessageId, email.Subject);
    }

    public async Task<SmtpClient> ConnectAsync(CancellationToken cancellationToken)
    {
        var client = new SmtpClient { Timeout = (int)options.Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(options.Host, options.Port, SecureSocketOptions.None, cancellationToken);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }
}
