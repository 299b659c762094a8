using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Workteam.Notifier.Data;

/// <summary>
/// One <c>ProvisioningFailed</c> message as received. The message id is the key, so a redelivered message is
/// stored once; <see cref="DigestId"/> stays null until the failure is grouped into a digest.
/// </summary>
public sealed class ReceivedFailure
{
    public Guid MessageId { get; set; }

    public Guid OrganizationId { get; set; }

    public DateTimeOffset OccurredAt { get; set; }

    public required string Operation { get; set; }

    public string? Subject { get; set; }

    public int Status { get; set; }

    public required string Reason { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }

    public Guid? DigestId { get; set; }
}

internal sealed class ReceivedFailureConfiguration : IEntityTypeConfiguration<ReceivedFailure>
{
    public void Configure(EntityTypeBuilder<ReceivedFailure> failure)
    {
        failure.ToTable("received_failures");
        failure.HasKey(f => f.MessageId);
        failure.Property(f => f.MessageId).ValueGeneratedNever();
        // The digest service looks for each organization's failures not yet in a digest.
        failure.HasIndex(f => f.OrganizationId).HasFilter("digest_id IS NULL").HasDatabaseName("ix_received_failures_pending");
        // Sending a digest counts its failures and lists the oldest; pruning deletes those of old digests.
        failure.HasIndex(f => new { f.DigestId, f.OccurredAt, f.MessageId });
        // Pruning finds the failures that waited too long for a digest.
        failure.HasIndex(f => f.ReceivedAt).HasFilter("digest_id IS NULL").HasDatabaseName("ix_received_failures_pending_received_at");
        failure.HasOne<FailureDigest>().WithMany().HasForeignKey(f => f.DigestId).OnDelete(DeleteBehavior.Restrict);
    }
}
