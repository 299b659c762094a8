using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Workteam.ScimApi.Data;

/// <summary>A SCIM Group of one organization. Its members are rows of <see cref="ScimGroupMember"/>.</summary>
public sealed class ScimGroup
{
    public Guid Id { get; set; }

    public Guid OrganizationId { get; set; }

    public required string DisplayName { get; set; }

    public string? ExternalId { get; set; }

    public long Version { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset LastModifiedAt { get; set; }
}

/// <summary>One membership; indexed from the group (primary key) and from the user.</summary>
public sealed class ScimGroupMember
{
    public Guid GroupId { get; set; }

    public Guid UserId { get; set; }

    public Guid OrganizationId { get; set; }
}

internal sealed class ScimGroupConfiguration : IEntityTypeConfiguration<ScimGroup>
{
    public void Configure(EntityTypeBuilder<ScimGroup> group)
    {
        group.ToTable("scim_groups");
        group.HasKey(g => g.Id);
        group.Property(g => g.DisplayName).HasMaxLength(ScimLimits.MaxStringLength);
        group.Property(g => g.ExternalId).HasMaxLength(ScimLimits.MaxStringLength);
        group.HasIndex(g => new { g.OrganizationId, g.ExternalId });
        group.HasIndex(g => new { g.OrganizationId, g.CreatedAt, g.Id });
        // The case-insensitive unique index on (organization_id, lower(display_name)) is created in the migration.
    }
}

internal sealed class ScimGroupMemberConfiguration : IEntityTypeConfiguration<ScimGroupMember>
{
    public void Configure(EntityTypeBuilder<ScimGroupMember> member)
    {
        member.ToTable("scim_group_members");
        member.HasKey(m => new { m.GroupId, m.UserId });
        member.HasIndex(m => m.UserId);
        member.HasOne<ScimGroup>().WithMany().HasForeignKey(m => m.GroupId).OnDelete(DeleteBehavior.Cascade);
        member.HasOne<ScimUser>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
