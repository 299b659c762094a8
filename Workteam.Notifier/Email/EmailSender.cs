using System.Diagnostics;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Workteam.Contracts;

namespace Workteam.Notifier.Email;

/// <summary>Delivers emails over SMTP with MailKit: STARTTLS whenever the server offers it, and signed in when credentials are set.</summary>
public sealed class EmailSender(SmtpOptions options, NotifierMetrics metrics, ILogger<EmailSender> logger)
{
    /// <summary>Notifier's own source, which the service defaults subscribe to (the application's name).</summary>
    private static readonly ActivitySource Tracing = new(typeof(EmailSender).Assembly.GetName().Name!);

    /// <summary>
    /// Returns the SMTP server's answer once it has accepted the email, after <paramref name="recordAcceptance"/> has
    /// run with it: right after the server's answer and before the goodbye, so that a crash between the two costs as
    /// little time as possible (decision 0022). Its span continues the trace of whatever asked for the mail (the SCIM
    /// request that created an invited member, say). Sends every time it is called: <see cref="OnceOnlyMail"/> keeps a
    /// message id to one sending.
    /// </summary>
    public async Task<string> SendAsync(SendEmail email, Func<string, Task> recordAcceptance, CancellationToken cancellationToken)
    {
        using var span = Tracing.StartActivity("smtp send", ActivityKind.Client);
        span?.SetTag("server.address", options.Host);
        span?.SetTag("server.port", options.Port);
        span?.SetTag("workteam.email.message_id", email.MessageId);
        var message = new MimeMessage
        {
            MessageId = $"{email.MessageId:N}@workteam",
            Subject = email.Subject,
        };
        message.From.Add(new MailboxAddress(options.FromName, options.FromAddress));
        message.To.Add(MailboxAddress.Parse(email.To));
        message.Body = new BodyBuilder { TextBody = email.TextBody, HtmlBody = email.HtmlBody }.ToMessageBody();

        var (client, response) = await ConnectAndSendAsync(message, cancellationToken);
        using var connected = client;
        await recordAcceptance(response);
        try
        {
            await client.DisconnectAsync(quit: true, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The server has accepted the email: failing to say goodbye must not make the caller send it again.
            logger.LogDebug(e, "Disconnecting from the SMTP server after email {MessageId} failed", email.MessageId);
        }

        logger.LogInformation("Sent email {MessageId} ({Subject}): {Response}", email.MessageId, email.Subject, response);
        return response;
    }

    private async Task<(SmtpClient Client, string Response)> ConnectAndSendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        try
        {
            var client = await ConnectAsync(cancellationToken);
            string response;
            try
            {
                response = await client.SendAsync(message, cancellationToken);
            }
            catch
            {
                client.Dispose();
                throw;
            }

            metrics.Sent();
            return (client, response);
        }
        catch
        {
            metrics.Failed();
            throw;
        }
    }

    /// <summary>Connects, upgrades to TLS when offered (or required) and signs in when a user name is set.</summary>
    public async Task<SmtpClient> ConnectAsync(CancellationToken cancellationToken)
    {
        var client = new SmtpClient { Timeout = (int)options.Timeout.TotalMilliseconds };
        if (!string.IsNullOrWhiteSpace(options.TrustedCertificateThumbprint))
        {
            client.ServerCertificateValidationCallback = IsTrusted;
        }

        try
        {
            var tls = options.RequireTls ? SecureSocketOptions.StartTls : SecureSocketOptions.StartTlsWhenAvailable;
            await client.ConnectAsync(options.Host, options.Port, tls, cancellationToken);
            if (!string.IsNullOrEmpty(options.UserName))
            {
                if (!client.IsSecure)
                {
                    throw new AuthenticationException(
                        $"The SMTP server {options.Host}:{options.Port} does not offer STARTTLS; Workteam does not send its credentials unencrypted.");
                }

                await client.AuthenticateAsync(options.UserName, options.Password ?? "", cancellationToken);
            }

            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private bool IsTrusted(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors) =>
        errors == SslPolicyErrors.None
        || (certificate is not null
            && string.Equals(certificate.GetCertHashString(HashAlgorithmName.SHA256), options.TrustedCertificateThumbprint, StringComparison.OrdinalIgnoreCase));
}
