using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Workteam.Directory.Data;

/// <summary>
/// An AuthnRequest Workteam sent to an organization's identity provider and awaits the answer to: the response's
/// InResponseTo must name it. Kept in the database so that any Directory replica can take the answer; used once.
/// </summary>
public sealed class SamlRequest
{
    /// <summary>The AuthnRequest's ID.</summary>
    public required string Id { get; set; }

    public Guid OrganizationId { get; set; }

    /// <summary>The Workteam path to go to once signed in.</summary>
    public string? RelayState { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? ConsumedAt { get; set; }
}

internal sealed class SamlRequestConfiguration : IEntityTypeConfiguration<SamlRequest>
{
    public void Configure(EntityTypeBuilder<SamlRequest> request)
    {
        request.ToTable("saml_requests");
        request.HasKey(r => r.Id);
        request.Property(r => r.Id).HasMaxLength(128);
        request.Property(r => r.RelayState).HasMaxLength(2048);
        // For RetentionPruner.
        request.HasIndex(r => r.ExpiresAt);
        request.HasOne<Organization>().WithMany().HasForeignKey(r => r.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}
