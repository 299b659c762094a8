using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Workteam.Directory.Data;

/// <summary>A customer of Workteam: one company with its own people, teams and provisioning settings.</summary>
public sealed class Organization
{
    public Guid Id { get; set; }

    public required string Name { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Whether Entra may provision through SCIM; while off, every SCIM token is refused.</summary>
    public bool ScimProvisioningEnabled { get; set; }

    /// <summary>Where provisioning failure notifications go.</summary>
    public string? NotificationEmail { get; set; }

    /// <summary>Whether provisioned members without a password are invited by email to set one.</summary>
    public bool InvitationsEnabled { get; set; } = true;

    /// <summary>
    /// When the latest SCIM write ScimApi answered with success started, as the gateway reports it: Directory is
    /// caught up once it has recorded a change at least that new.
    /// </summary>
    public DateTimeOffset? LastScimWriteAt { get; set; }
}

internal sealed class OrganizationConfiguration : IEntityTypeConfiguration<Organization>
{
    public void Configure(EntityTypeBuilder<Organization> organization)
    {
        organization.ToTable("organizations");
        organization.HasKey(o => o.Id);
        organization.Property(o => o.Name).HasMaxLength(200);
        organization.Property(o => o.NotificationEmail).HasMaxLength(320);
    }
}
