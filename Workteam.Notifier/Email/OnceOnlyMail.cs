using Microsoft.EntityFrameworkCore;
using Workteam.Contracts;
using Workteam.Notifier.Data;

namespace Workteam.Notifier.Email;

/// <summary>The outcome of asking for an email: when the SMTP server accepted it, and whether that was an earlier sending.</summary>
public sealed record MailOutcome(DateTimeOffset AcceptedAt, bool SentBefore);

/// <summary>
/// Sends each message id at most once (decision 0022). Before sending, the message id is claimed in <c>sent_emails</c>;
/// an id already accepted is not sent again, and one another sending holds is retried later. Once the SMTP server
/// accepted the email, its answer is recorded. The one window left is a crash between the server's acceptance and
/// that record: after the claim expires the email is sent again, with the same Message-ID.
/// </summary>
public sealed class OnceOnlyMail(NotifierDbContext db, EmailSender sender, NotifierMetrics metrics, TimeProvider clock, ILogger<OnceOnlyMail> logger)
{
    /// <summary>Longer than any one sending can take (each SMTP exchange times out after <c>Notifier:Smtp:Timeout</c>).</summary>
    public static readonly TimeSpan ClaimTimeout = TimeSpan.FromMinutes(2);

    public async Task<MailOutcome> SendAsync(SendEmail email, CancellationToken cancellationToken)
    {
        var claimId = Guid.NewGuid();
        var now = clock.GetUtcNow();
        // Takes the claim when no record exists or an earlier sender's claim expired; answers the record either way.
        var record = (await db.SentEmails.FromSql($"""
            INSERT INTO sent_emails (message_id, claimed_until, claim_id, repeats)
            VALUES ({email.MessageId}, {now + ClaimTimeout}, {claimId}, 0)
            ON CONFLICT (message_id) DO UPDATE SET
                claimed_until = CASE WHEN sent_emails.accepted_at IS NULL AND sent_emails.claimed_until < {now} THEN excluded.claimed_until ELSE sent_emails.claimed_until END,
                claim_id = CASE WHEN sent_emails.accepted_at IS NULL AND sent_emails.claimed_until < {now} THEN excluded.claim_id ELSE sent_emails.claim_id END,
                repeats = sent_emails.repeats + CASE WHEN sent_emails.accepted_at IS NULL THEN 0 ELSE 1 END
            RETURNING *
            """).AsNoTracking().ToListAsync(cancellationToken)).Single();

        if (record.AcceptedAt is { } acceptedAt)
        {
            metrics.Repeated();
            logger.LogInformation("Email {MessageId} was accepted by the SMTP server at {AcceptedAt} already; not sent again", email.MessageId, acceptedAt);
            return new MailOutcome(acceptedAt, SentBefore: true);
        }

        if (record.ClaimId != claimId)
        {
            throw new EmailBeingSentException(email.MessageId, record.ClaimedUntil);
        }

        DateTimeOffset? accepted = null;
        try
        {
            await sender.SendAsync(email, async response =>
            {
                accepted = clock.GetUtcNow();
                // Not cancellable: the SMTP server has the email, and forgetting that would send it again.
                await db.SentEmails.Where(e => e.MessageId == email.MessageId).ExecuteUpdateAsync(set => set
                    .SetProperty(e => e.AcceptedAt, accepted)
                    .SetProperty(e => e.ClaimedUntil, (DateTimeOffset?)null)
                    .SetProperty(e => e.ServerResponse, response.Length > 1000 ? response[..1000] : response), CancellationToken.None);
            }, cancellationToken);
        }
        catch when (accepted is null)
        {
            // Not sent: another attempt may send it at once. Once accepted, the claim stays until it expires.
            await db.SentEmails.Where(e => e.MessageId == email.MessageId && e.ClaimId == claimId && e.AcceptedAt == null)
                .ExecuteDeleteAsync(CancellationToken.None);
            throw;
        }

        return new MailOutcome(accepted ?? throw new InvalidOperationException("The SMTP server accepted the email without its acceptance being recorded."), SentBefore: false);
    }
}

/// <summary>Another sending of the same message id is under way, or its Notifier died; it holds the claim until <see cref="ClaimedUntil"/>.</summary>
public sealed class EmailBeingSentException(Guid messageId, DateTimeOffset? claimedUntil)
    : Exception($"Email {messageId} is being sent by another delivery (claimed until {claimedUntil:O}).")
{
    public DateTimeOffset? ClaimedUntil { get; } = claimedUntil;
}
