using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Workteam.Directory.Data;

/// <summary>
/// An emailed link for a member to choose a new password. Only the SHA-256 hash of its code is kept. Its id is the id
/// of the email that carries it. The rows of the last hour also count the mails an account got (at most 3).
/// </summary>
public sealed class PasswordReset
{
    public Guid Id { get; set; }

    public Guid AccountId { get; set; }

    public required byte[] CodeHash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? UsedAt { get; set; }

    /// <summary>Set when another link of the account was used first.</summary>
    public DateTimeOffset? WithdrawnAt { get; set; }
}

internal sealed class PasswordResetConfiguration : IEntityTypeConfiguration<PasswordReset>
{
    public void Configure(EntityTypeBuilder<PasswordReset> reset)
    {
        reset.ToTable("password_resets");
        reset.HasKey(r => r.Id);
        reset.HasIndex(r => r.CodeHash).IsUnique();
        // Counts the mails of the last hour per account.
        reset.HasIndex(r => new { r.AccountId, r.CreatedAt });
        // For RetentionPruner, which deletes the links that expired long ago.
        reset.HasIndex(r => r.ExpiresAt);
        reset.HasOne<Account>().WithMany().HasForeignKey(r => r.AccountId).OnDelete(DeleteBehavior.Cascade);
    }
}
