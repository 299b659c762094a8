using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Workteam.Directory.Data;

/// <summary>
/// A signed-in session. Its bearer token (also the console cookie) is stored only as a SHA-256 hash and
/// checked on every request, so revoking a session takes effect at once.
/// </summary>
public sealed class Session
{
    public Guid Id { get; set; }

    public Guid AccountId { get; set; }

    public required byte[] TokenHash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
}

internal sealed class SessionConfiguration : IEntityTypeConfiguration<Session>
{
    public void Configure(EntityTypeBuilder<Session> session)
    {
        session.ToTable("sessions");
        session.HasKey(s => s.Id);
        session.HasIndex(s => s.TokenHash).IsUnique();
        session.HasIndex(s => s.AccountId);
        // For RetentionPruner, which deletes the sessions that expired long ago.
        session.HasIndex(s => s.ExpiresAt);
        session.HasOne<Account>().WithMany().HasForeignKey(s => s.AccountId).OnDelete(DeleteBehavior.Cascade);
    }
}
