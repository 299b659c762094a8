using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Workteam.ScimApi.Data;

/// <summary>
/// A SCIM User of one organization. The attributes that filters, uniqueness and events need are columns;
/// the complete representation Entra sent is kept in <see cref="Resource"/>.
/// </summary>
public sealed class ScimUser
{
    public Guid Id { get; set; }

    public Guid OrganizationId { get; set; }

    public required string UserName { get; set; }

    public string? ExternalId { get; set; }

    public bool Active { get; set; } = true;

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
        // The case-insensitive unique index on (organization_id, lower(user_name)) is created in the migration.
    }
}
