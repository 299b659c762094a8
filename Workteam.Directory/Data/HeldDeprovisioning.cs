using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Workteam.Directory.Data;

public enum DeprovisioningKind
{
    Deactivate,
    Delete,
}

public enum HeldDeprovisioningStatus
{
    /// <summary>Waiting for an admin: the member keeps access.</summary>
    Pending,

    /// <summary>An admin applied it: the member was suspended or deleted as Entra asked.</summary>
    Applied,

    /// <summary>An admin discarded it: the member keeps access until Entra sends a newer change.</summary>
    Discarded,

    /// <summary>A newer event for the member (a reactivation, say) replaced it before anyone decided.</summary>
    Superseded,
}

/// <summary>
/// A deactivation or deletion the mass-deprovisioning guard held instead of applying. It keeps the newest event
/// for its member (type, version and JSON payload) so that applying it later runs the ordinary provisioning code.
/// </summary>
public sealed class HeldDeprovisioning
{
    public Guid Id { get; set; }

    public Guid OrganizationId { get; set; }

    public Guid ScimUserId { get; set; }

    public Guid AccountId { get; set; }

    public DeprovisioningKind Kind { get; set; }

    /// <summary>The held event's type name: UserDeactivated, UserUpdated, UserRolesChanged or UserDeleted.</summary>
    public required string EventType { get; set; }

    public long Version { get; set; }

    public required string Payload { get; set; }

    public DateTimeOffset HeldAt { get; set; }

    public HeldDeprovisioningStatus Status { get; set; }

    /// <summary>The admin who applied or discarded it; none when a newer event superseded it.</summary>
    public Guid? DecidedBy { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }
}

/// <summary>A deactivation or deletion of an active member Directory applied, counted by the guard's window.</summary>
public sealed class AppliedDeprovisioning
{
    public Guid Id { get; set; }

    public Guid OrganizationId { get; set; }

    public Guid ScimUserId { get; set; }

    public DeprovisioningKind Kind { get; set; }

    public DateTimeOffset AppliedAt { get; set; }
}

internal sealed class HeldDeprovisioningConfiguration : IEntityTypeConfiguration<HeldDeprovisioning>
{
    public void Configure(EntityTypeBuilder<HeldDeprovisioning> held)
    {
        held.ToTable("held_deprovisionings");
        held.HasKey(h => h.Id);
        held.Property(h => h.Kind).HasConversion<string>().HasMaxLength(20);
        held.Property(h => h.Status).HasConversion<string>().HasMaxLength(20);
        held.Property(h => h.EventType).HasMaxLength(100);
        held.Property(h => h.Payload).HasColumnType("jsonb");
        held.HasIndex(h => new { h.OrganizationId, h.Status });
        // At most one pending action per member: a newer event replaces the held one.
        held.HasIndex(h => new { h.OrganizationId, h.ScimUserId }).IsUnique().HasFilter("status = 'Pending'");
        held.HasOne<Organization>().WithMany().HasForeignKey(h => h.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AppliedDeprovisioningConfiguration : IEntityTypeConfiguration<AppliedDeprovisioning>
{
    public void Configure(EntityTypeBuilder<AppliedDeprovisioning> applied)
    {
        applied.ToTable("applied_deprovisionings");
        applied.HasKey(a => a.Id);
        applied.Property(a => a.Kind).HasConversion<string>().HasMaxLength(20);
        applied.HasIndex(a => new { a.OrganizationId, a.AppliedAt });
        applied.HasOne<Organization>().WithMany().HasForeignKey(a => a.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}
