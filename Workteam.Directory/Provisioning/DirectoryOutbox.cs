using Microsoft.EntityFrameworkCore;
using Workteam.Contracts;
using Workteam.Contracts.Provisioning;
using Workteam.Directory.Data;
using Workteam.ServiceDefaults.Outbox;

namespace Workteam.Directory.Provisioning;

/// <summary>
/// Directory's failure reports and alert emails go through its outbox (decision 0021): written in the transaction
/// of the change they report, published by the relay once it committed, so a crash between the commit and the
/// publish loses nothing. Each is added with its own message id, which Notifier keeps to recognise a repeat.
/// </summary>
public static class DirectoryOutbox
{
    public static void AddReport(this DirectoryDbContext db, ProvisioningFailed failure, DateTimeOffset now) =>
        db.AddOutboxMessage(failure.MessageId, failure, now, OutboxTracing.CurrentTraceParent());

    public static void AddEmail(this DirectoryDbContext db, SendEmail email, DateTimeOffset now) =>
        db.AddOutboxMessage(email.MessageId, email, now, OutboxTracing.CurrentTraceParent());

    /// <summary>The failures and emails of an outcome.</summary>
    public static void AddReports(this DirectoryDbContext db, ProvisioningOutcome outcome, DateTimeOffset now)
    {
        outcome.Failures.ForEach(failure => db.AddReport(failure, now));
        outcome.Emails.ForEach(email => db.AddEmail(email, now));
    }

    /// <summary>Adds the report unless an earlier delivery of the same fault added it.</summary>
    public static async Task AddReportOnceAsync(this DirectoryDbContext db, ProvisioningFailed failure, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!await db.OutboxMessages.AnyAsync(m => m.MessageId == failure.MessageId, cancellationToken))
        {
            db.AddReport(failure, now);
        }
    }
}
