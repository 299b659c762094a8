using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Workteam.Directory.Data;

/// <summary>
/// An admin action or security event of an organization: who (an account, or Entra), did what, to what. Written in
/// the same transaction as the action it records.
/// </summary>
public sealed class AuditEntry
{
    public Guid Id { get; set; }

    public Guid OrganizationId { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>The account that acted; null for Entra or Workteam itself.</summary>
    public Guid? ActorAccountId { get; set; }

    /// <summary>The actor as shown: the account's email, or "Entra".</summary>
    public required string Actor { get; set; }

    /// <summary>What happened, e.g. <c>ScimTokenRevoked</c> (<see cref="AuditActions"/>).</summary>
    public required string Action { get; set; }

    /// <summary>What it happened to, as shown: a member's email, a token's prefix, a setting.</summary>
    public string? Target { get; set; }

    public Guid? TargetAccountId { get; set; }

    public string? Detail { get; set; }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> entry)
    {
        entry.ToTable("audit_log");
        entry.HasKey(e => e.Id);
        entry.Property(e => e.Id).ValueGeneratedNever();
        entry.Property(e => e.Actor).HasMaxLength(320);
        entry.Property(e => e.Action).HasMaxLength(100);
        entry.Property<string>("TargetKey").HasComputedColumnSql("lower(target)", stored: true).UseCollation("C");
        entry.Property<string>("ActorKey").HasComputedColumnSql("lower(actor)", stored: true).UseCollation("C");
        entry.HasIndex(e => new { e.OrganizationId, e.At, e.Id }).IsDescending(false, true, true).HasDatabaseName("ix_audit_log_newest");
        entry.HasIndex("OrganizationId", "TargetKey").HasDatabaseName("ix_audit_log_target");
        entry.HasIndex("OrganizationId", "ActorKey").HasDatabaseName("ix_audit_log_actor");
        entry.HasIndex(e => new { e.OrganizationId, e.TargetAccountId });
        entry.HasIndex(e => e.At).HasDatabaseName("ix_audit_log_at");
        entry.HasOne<Organization>().WithMany().HasForeignKey(e => e.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}
