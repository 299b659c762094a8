namespace Workteam.Contracts;

/// <summary>
/// Asks Notifier to deliver one email over SMTP. <paramref name="MessageId"/> becomes the email's
/// Message-ID header, so a repeated delivery of the same command is recognisable as the same email.
/// </summary>
public sealed record SendEmail(
    Guid MessageId,
    string To,
    string Subject,
    string TextBody,
    string? HtmlBody);
