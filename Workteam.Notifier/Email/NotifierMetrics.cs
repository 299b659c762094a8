using System.Diagnostics.Metrics;

namespace Workteam.Notifier.Email;

/// <summary>Notifier's instruments, on the meter <c>Workteam.Notifier</c>.</summary>
public sealed class NotifierMetrics
{
    public const string MeterName = "Workteam.Notifier";

    private readonly Counter<long> _mails;

    public NotifierMetrics(IMeterFactory meters) =>
        _mails = meters.Create(MeterName).CreateCounter<long>("workteam.mail.messages", "{mail}",
            "Attempts to hand an email to the SMTP server, by result: sent, failed (the email is tried again later), or repeated "
            + "(its message id was accepted before: not sent again).");

    public void Sent() => _mails.Add(1, new KeyValuePair<string, object?>("result", "sent"));

    public void Failed() => _mails.Add(1, new KeyValuePair<string, object?>("result", "failed"));

    public void Repeated() => _mails.Add(1, new KeyValuePair<string, object?>("result", "repeated"));
}
