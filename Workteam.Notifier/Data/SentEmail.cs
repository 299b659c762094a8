using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Workteam.Notifier.Data;

/// <summary>
/// The record that keeps an email to one sending per message id (decision 0022): claimed before the email is handed to
/// the SMTP server, completed with the server's answer once it accepted it. A message asked for again finds it and is
/// not sent again.
/// </summary>
public sealed class SentEmail
{
    public Guid MessageId { get; set; }

    /// <summary>While the email is being sent: no other delivery of it sends before this; after it, the sender is presumed dead.</summary>
    public DateTimeOffset? ClaimedUntil { get; set; }

    /// <summary>Identifies the sending that holds the claim.</summary>
    public Guid ClaimId { get; set; }

    /// <summary>When the SMTP server accepted the email; null while it is being sent.</summary>
    public DateTimeOffset? AcceptedAt { get; set; }

    /// <summary>What the SMTP server answered to the message (its queue id, typically).</summary>
    public string? ServerResponse { get; set; }

    /// <summary>How many times the email was asked for after it was sent (redeliveries, repeated messages): none was sent again.</summary>
    public int Repeats { get; set; }
}

internal sealed class SentEmailConfiguration : IEntityTypeConfiguration<SentEmail>
{
    public void Configure(EntityTypeBuilder<SentEmail> email)
    {
        email.ToTable("sent_emails");
        email.HasKey(e => e.MessageId);
        email.Property(e => e.MessageId).ValueGeneratedNever();
        email.Property(e => e.ServerResponse).HasMaxLength(1000);
        // Pruning finds the emails accepted before the retention.
        email.HasIndex(e => e.AcceptedAt).HasFilter("accepted_at IS NOT NULL").HasDatabaseName("ix_sent_emails_accepted");
    }
}
