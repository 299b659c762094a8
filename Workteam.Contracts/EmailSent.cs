namespace Workteam.Contracts;

/// <summary>
/// Notifier's report that the SMTP server accepted the email of the <see cref="SendEmail"/> whose
/// <see cref="SendEmail.MessageId"/> is <paramref name="MessageId"/>. Published at least once per accepted email.
/// </summary>
public sealed record EmailSent(Guid MessageId, DateTimeOffset AcceptedAt);
