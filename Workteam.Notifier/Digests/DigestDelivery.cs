using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Workteam.Contracts;
using Workteam.Notifier.Data;
using Workteam.Notifier.Email;

namespace Workteam.Notifier.Digests;

/// <summary>
/// Sends the digests waiting to be sent. A digest is claimed (its next attempt moved past <see cref="ClaimTimeout"/>)
/// so no other Notifier sends it meanwhile, sent once per digest id (<see cref="OnceOnlyMail"/>), and marked sent right
/// after the SMTP server accepted it (or when it had accepted it before); a failed
/// send keeps it unsent and sets a later next attempt. The email lists the digest's oldest failures, at most
/// <see cref="DigestOptions.MaxFailuresPerDigest"/>, and counts the rest.
/// </summary>
public sealed class DigestDelivery(
    NotifierDbContext db, OnceOnlyMail mail, IOptions<DigestOptions> options, TimeProvider clock, ILogger<DigestDelivery> logger)
{
    /// <summary>How long a claimed digest stays with its sender; a Notifier that died while sending leaves it for another after this.</summary>
    public static readonly TimeSpan ClaimTimeout = TimeSpan.FromMinutes(5);

    /// <summary>Sends every due digest; stops at the first SMTP failure (the server is most likely down for all).</summary>
    public async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        var sent = 0;
        while (await ClaimNextAsync(cancellationToken) is { } digest)
        {
            if (!await SendAsync(digest, cancellationToken))
            {
                break;
            }

            sent++;
        }

        return sent;
    }

    private async Task<FailureDigest?> ClaimNextAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var claimed = await db.FailureDigests.FromSql($"""
            UPDATE failure_digests SET next_attempt_at = {now + ClaimTimeout}
            WHERE id = (SELECT id FROM failure_digests WHERE sent_at IS NULL AND next_attempt_at <= {now}
                        ORDER BY next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING *
            """).AsNoTracking().ToListAsync(cancellationToken);
        return claimed.SingleOrDefault();
    }

    private async Task<bool> SendAsync(FailureDigest digest, CancellationToken cancellationToken)
    {
        var covered = db.ReceivedFailures.AsNoTracking().Where(f => f.DigestId == digest.Id);
        var count = await covered.CountAsync(cancellationToken);
        var listed = await covered.OrderBy(f => f.OccurredAt).ThenBy(f => f.MessageId)
            .Take(options.Value.MaxFailuresPerDigest).ToListAsync(cancellationToken);
        var email = DigestRenderer.Render(digest.OrganizationName, listed, count);
        MailOutcome outcome;
        try
        {
            outcome = await mail.SendAsync(new SendEmail(digest.Id, digest.Recipient, email.Subject, email.TextBody, email.HtmlBody), cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            var attempts = digest.Attempts + 1;
            var delay = DigestSchedule.RetryDelay(attempts, options.Value.SendRetryMaxDelay);
            var error = e.Message.Length > 1000 ? e.Message[..1000] : e.Message;
            await db.FailureDigests.Where(d => d.Id == digest.Id).ExecuteUpdateAsync(set => set
                .SetProperty(d => d.Attempts, attempts)
                .SetProperty(d => d.NextAttemptAt, clock.GetUtcNow() + delay)
                .SetProperty(d => d.LastError, error), cancellationToken);
            logger.LogWarning(e, "Sending failure digest {DigestId} to organization {OrganizationId} failed (attempt {Attempts}); retrying in {Delay}",
                digest.Id, digest.OrganizationId, attempts, delay);
            return false;
        }

        // Not cancellable: the SMTP server has the email, and forgetting that would send it again.
        await db.FailureDigests.Where(d => d.Id == digest.Id).ExecuteUpdateAsync(set => set
            .SetProperty(d => d.SentAt, outcome.AcceptedAt)
            .SetProperty(d => d.LastError, (string?)null), CancellationToken.None);
        logger.LogInformation("Sent failure digest {DigestId} with {Count} failures to organization {OrganizationId}",
            digest.Id, count, digest.OrganizationId);
        return true;
    }
}
