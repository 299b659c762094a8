using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Workteam.Directory.Data;

/// <summary>
/// A bearer token Entra presents to the SCIM API. Only its SHA-256 hash and its first characters are kept;
/// the token itself is shown once, when it is generated.
/// </summary>
public sealed class ScimToken
{
    public Guid Id { get; set; }

    public Guid OrganizationId { get; set; }

    /// <summary>The first characters of the token, enough to recognise it in a list.</summary>
    public required string Prefix { get; set; }

    public required byte[] TokenHash { get; set; }

    public Guid CreatedByAccountId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? LastUsedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>The admin who revoked it (none for tokens revoked before this was kept).</summary>
    public Guid? RevokedByAccountId { get; set; }
}

internal sealed class ScimTokenConfiguration : IEntityTypeConfiguration<ScimToken>
{
    public void Configure(EntityTypeBuilder<ScimToken> token)
    {
        token.ToTable("scim_tokens");
        token.HasKey(t => t.Id);
        token.Property(t => t.Prefix).HasMaxLength(32);
        token.HasIndex(t => t.TokenHash).IsUnique();
        token.HasIndex(t => t.OrganizationId);
        token.HasOne<Organization>().WithMany().HasForeignKey(t => t.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        token.HasOne<Account>().WithMany().HasForeignKey(t => t.CreatedByAccountId).OnDelete(DeleteBehavior.Restrict);
    }
}
