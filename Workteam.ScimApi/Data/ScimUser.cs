using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Workteam.ScimApi.Data;

/// <summary>
/// A SCIM User of one organization. <see cref="Resource"/> holds its canonical representation (without id,
/// meta, groups and manager); the attributes that lookups, uniqueness and references need are also columns.
/// The manager exists only as <see cref="ManagerId"/>, so deleting the manager clears it by foreign key.
/// </summary>
public sealed class ScimUser
{
    public Guid Id { get; set; }

    public Guid OrganizationId { get; set; }

    public required string UserName { get; set; }

    public string? ExternalId { get; set; }

    public bool Active { get; set; } = true;

    public Guid? ManagerId { get; set; }

    /// <summary>Every emails[].value, lower-cased, for indexed case-insensitive email lookups.</summary>
    public string[] EmailValues { get; set; } = [];

    public required JsonDocument Resource { get; set; }

    /// <summary>Increases with every change; the ETag and event version.</summary>
    public long Version { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset LastModifiedAt { get; set; }
}

internal sealed class ScimUserConfiguration : IEntityTypeConfiguration<ScimUser>
{
    public void Configure(EntityTypeBuilder<ScimUser> user)
    {
        user.ToTable("scim_users");
        user.HasKey(u => u.Id);
        user.Property(u => u.UserName).HasMaxLength(ScimLimits.MaxStringLength);
        user.Property(u => u.ExternalId).HasMaxLength(ScimLimits.MaxStringLength);
        user.Property(u => u.Resource).HasColumnType("jsonb");
        user.HasIndex(u => new { u.OrganizationId, u.ExternalId });
        user.HasIndex(u => new { u.OrganizationId, u.CreatedAt, u.Id });
        user.HasIndex(u => u.ManagerId);
        user.HasIndex(u => u.EmailValues).HasMethod("gin");
        user.HasOne<ScimUser>().WithMany().HasForeignKey(u => u.ManagerId).OnDelete(DeleteBehavior.SetNull);
        // The case-insensitive unique index on (organization_id, lower(user_name)) is created in the migration.
    }
}
