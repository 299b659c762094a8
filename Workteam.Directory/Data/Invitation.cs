using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Workteam.Directory.Data;

/// <summary>
/// An emailed invitation for a provisioned member to set a password. Only the SHA-256 hash of its code is kept.
/// Its id is the id of the email that carries it, so sending it again is recognisable as the same email.
/// </summary>
public sealed class Invitation
{
    public Guid Id { get; set; }

    public Guid AccountId { get; set; }

    public required byte[] CodeHash { get; set; }

    /// <summary>The address the invitation was made for.</summary>
    public required string Email { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>
    /// When the email was handed to RabbitMQ for Notifier; until then the code may be replaced and the email sent
    /// again. After it, the code stays: the queued email carries it.
    /// </summary>
    public DateTimeOffset? QueuedAt { get; set; }

    /// <summary>When the SMTP server accepted the email, as Notifier reported (<c>EmailSent</c>).</summary>
    public DateTimeOffset? SentAt { get; set; }

    /// <summary>When Notifier gave up on the email (its retries ran out); an admin resends the invitation.</summary>
    public DateTimeOffset? DeliveryFailedAt { get; set; }

    public DateTimeOffset? AcceptedAt { get; set; }

    /// <summary>Set when the member was suspended, deleted or got another email before accepting.</summary>
    public DateTimeOffset? RevokedAt { get; set; }

    public bool IsOpen(DateTimeOffset now) => AcceptedAt is null && RevokedAt is null && ExpiresAt > now;
}

internal sealed class InvitationConfiguration : IEntityTypeConfiguration<Invitation>
{
    public void Configure(EntityTypeBuilder<Invitation> invitation)
    {
        invitation.ToTable("invitations");
        invitation.HasKey(i => i.Id);
        invitation.HasIndex(i => i.CodeHash).IsUnique();
        invitation.HasIndex(i => i.AccountId);
        invitation.Property(i => i.Email).HasMaxLength(320);
        invitation.HasOne<Account>().WithMany().HasForeignKey(i => i.AccountId).OnDelete(DeleteBehavior.Cascade);
    }
}
