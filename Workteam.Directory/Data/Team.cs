using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Workteam.Directory.Data;

/// <summary>
/// A team provisioned from a SCIM group. <see cref="Version"/> is the version of the newest name or deletion
/// applied; a team first met through a membership event has no name until its creation arrives.
/// </summary>
public sealed class Team
{
    public Guid Id { get; set; }

    public Guid OrganizationId { get; set; }

    public Guid ScimGroupId { get; set; }

    public string? DisplayName { get; set; }

    public string? ExternalId { get; set; }

    public long Version { get; set; }

    /// <summary>Deleted through SCIM: a tombstone that ignores every later event about the group.</summary>
    public bool Deleted { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// Whether one SCIM user is in one team, as of <see cref="Version"/> (the group's version that last changed it).
/// Removals are kept as rows with <see cref="Present"/> false, so an older addition arriving late cannot bring
/// the member back, and an older removal cannot take out a newer addition.
/// </summary>
public sealed class TeamMembership
{
    public Guid TeamId { get; set; }

    public Guid ScimUserId { get; set; }

    public bool Present { get; set; }

    public long Version { get; set; }
}

internal sealed class TeamConfiguration : IEntityTypeConfiguration<Team>
{
    public void Configure(EntityTypeBuilder<Team> team)
    {
        team.ToTable("teams");
        team.HasKey(t => t.Id);
        team.HasIndex(t => new { t.OrganizationId, t.ScimGroupId }).IsUnique();
        team.Property(t => t.DisplayName).HasMaxLength(AccountConfiguration.ScimTextLength);
        team.Property(t => t.ExternalId).HasMaxLength(AccountConfiguration.ScimTextLength);
        team.HasOne<Organization>().WithMany().HasForeignKey(t => t.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TeamMembershipConfiguration : IEntityTypeConfiguration<TeamMembership>
{
    public void Configure(EntityTypeBuilder<TeamMembership> membership)
    {
        membership.ToTable("team_memberships");
        membership.HasKey(m => new { m.TeamId, m.ScimUserId });
        membership.HasIndex(m => m.ScimUserId);
        membership.HasOne<Team>().WithMany().HasForeignKey(m => m.TeamId).OnDelete(DeleteBehavior.Cascade);
    }
}
