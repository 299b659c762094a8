using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Workteam.Directory.Data;

/// <summary>
/// An assertion that signed someone in (or was refused after its signature checked out): the replay cache. A second
/// response carrying the same assertion ID for the organization is refused. Kept until the assertion could no longer
/// pass the time checks anyway, shared by every Directory replica.
/// </summary>
public sealed class SamlAssertionUse
{
    public Guid OrganizationId { get; set; }

    public required string AssertionId { get; set; }

    public DateTimeOffset UsedAt { get; set; }

    public DateTimeOffset KeepUntil { get; set; }
}

internal sealed class SamlAssertionUseConfiguration : IEntityTypeConfiguration<SamlAssertionUse>
{
    /// <summary>Longer IDs are refused before they reach the table.</summary>
    public const int MaxAssertionIdLength = 256;

    public void Configure(EntityTypeBuilder<SamlAssertionUse> use)
    {
        use.ToTable("saml_assertion_uses");
        use.HasKey(u => new { u.OrganizationId, u.AssertionId });
        use.Property(u => u.AssertionId).HasMaxLength(MaxAssertionIdLength);
        // For RetentionPruner.
        use.HasIndex(u => u.KeepUntil);
        use.HasOne<Organization>().WithMany().HasForeignKey(u => u.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}
