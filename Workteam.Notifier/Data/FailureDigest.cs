using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Workteam.Notifier.Data;

/// <summary>
/// One digest email: its id is the email's Message-ID. Created together with the assignment of its failures,
/// sent later (and again after an SMTP failure) until <see cref="SentAt"/> is set.
/// </summary>
public sealed class FailureDigest
{
    public Guid Id { get; set; }

    public Guid OrganizationId { get; set; }

    public required string OrganizationName { get; set; }

    public required string Recipient { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the SMTP server accepted the email; null while it is still to be sent.</summary>
    public DateTimeOffset? SentAt { get; set; }

    /// <summary>Failed sending attempts so far; the next one waits longer.</summary>
    public int Attempts { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    public string? LastError { get; set; }
}

internal sealed class FailureDigestConfiguration : IEntityTypeConfiguration<FailureDigest>
{
    public void Configure(EntityTypeBuilder<FailureDigest> digest)
    {
        digest.ToTable("failure_digests");
        digest.HasKey(d => d.Id);
        digest.Property(d => d.Id).ValueGeneratedNever();
        digest.HasIndex(d => new { d.OrganizationId, d.SentAt });
        digest.HasIndex(d => d.NextAttemptAt).HasFilter("sent_at IS NULL").HasDatabaseName("ix_failure_digests_unsent");
        // Pruning finds the digests sent before the retention.
        digest.HasIndex(d => d.SentAt).HasFilter("sent_at IS NOT NULL").HasDatabaseName("ix_failure_digests_sent");
    }
}
