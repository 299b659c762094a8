using Microsoft.EntityFrameworkCore;
using Workteam.Contracts;
using Workteam.Notifier.Data;
using Workteam.Notifier.Email;

namespace Workteam.Notifier.Digests;

/// <summary>
/// Sends the digests still waiting to be sent. Each is locked while it is sent and marked sent in the same
/// transaction right after the SMTP server accepted it; a failed send keeps it unsent with a later next attempt.
/// </summary>
public sealed class DigestDelivery(NotifierDbContext db, EmailSender sender, TimeProvider clock, ILogger<DigestDelivery> logger)
{
    /// <summary>Sends every due digest; stops at the first SMTP failure (the server is most likely down for all).</summary>
    public async Task<int> SendDueAsync(TimeSpan maxRetryDelay, CancellationToken cancellationToken)
    {
        var sent = 0;
        while (await SendNextAsync(maxRetryDelay, cancellationToken) is { } delivered)
        {
            if (!delivered)
            {
                break;
            }

            sent++;
        }

        return sent;
    }

    /// <summary>True when a digest was sent, false when sending failed, null when none was due.</summary>
    private async Task<bool?> SendNextAsync(TimeSpan maxRetryDelay, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var due = await db.FailureDigests.FromSql($"""
            SELECT * FROM failure_digests WHERE sent_at IS NULL AND next_attempt_at <= {now}
            ORDER BY next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED
            """).ToListAsync(cancellationToken);
        if (due is not [var digest])
        {
            return null;
        }

        var failures = await db.ReceivedFailures.AsNoTracking().Where(f => f.DigestId == digest.Id).ToListAsync(cancellationToken);
        var email = DigestRenderer.Render(digest.OrganizationName, failures);
        bool delivered;
        try
        {
            await sender.SendAsync(new SendEmail(digest.Id, digest.Recipient, email.Subject, email.TextBody, email.HtmlBody), cancellationToken);
            digest.SentAt = clock.GetUtcNow();
            digest.LastError = null;
            delivered = true;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            digest.Attempts++;
            var delay = DigestSchedule.RetryDelay(digest.Attempts, maxRetryDelay);
            digest.NextAttemptAt = clock.GetUtcNow() + delay;
            digest.LastError = e.Message.Length > 1000 ? e.Message[..1000] : e.Message;
            logger.LogWarning(e, "Sending failure digest {DigestId} to organization {OrganizationId} failed (attempt {Attempts}); retrying in {Delay}",
                digest.Id, digest.OrganizationId, digest.Attempts, delay);
            delivered = false;
        }

        // Not cancelled: the email may already be with the SMTP server, so recording that must not be abandoned.
        await db.SaveChangesAsync(CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
        if (delivered)
        {
            logger.LogInformation("Sent failure digest {DigestId} with {Count} failures to organization {OrganizationId}",
                digest.Id, failures.Count, digest.OrganizationId);
        }

        return delivered;
    }
}
