using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Workteam.Directory.Data;

/// <summary>What Workteam did about a SCIM change (README, "Provisioning activity and audit log").</summary>
public enum ActivityOutcome
{
    /// <summary>Directory received the change and has not finished with it (it failed once and is being retried).</summary>
    Pending,

    Applied,

    /// <summary>The mass-deprovisioning guard holds it for an admin.</summary>
    Held,

    Failed,

    /// <summary>Older than what Directory had already applied, or about a user or group already deleted.</summary>
    Skipped,

    /// <summary>Refused before anything changed: by the gateway, or by ScimApi with a 4xx.</summary>
    Refused,
}

/// <summary>Where an activity row came from.</summary>
public enum ActivitySource
{
    /// <summary>A lifecycle event from ScimApi's outbox, recorded as Directory applies it.</summary>
    Event,

    /// <summary>A SCIM write ScimApi refused or answered without a change.</summary>
    ScimApi,

    /// <summary>A SCIM request the gateway refused.</summary>
    Gateway,
}

/// <summary>
/// One SCIM change Entra asked for, the answer it got and what Workteam then did. Rows are keyed by the message
/// that carried them (the outbox message id, the gateway's refusal id), so recording one twice changes nothing.
/// </summary>
public sealed class ProvisioningActivity
{
    public Guid Id { get; set; }

    public Guid OrganizationId { get; set; }

    /// <summary>When ScimApi committed the change, or when the request was refused.</summary>
    public DateTimeOffset At { get; set; }

    /// <summary>What Entra asked for, as an admin reads it: "Create user", "Add 3 members", "PATCH /Users/…".</summary>
    public required string Operation { get; set; }

    /// <summary>"User" or "Group"; null when the request named neither.</summary>
    public string? ResourceType { get; set; }

    public Guid? ScimId { get; set; }

    public string? ExternalId { get; set; }

    /// <summary>The userName or group name.</summary>
    public string? Subject { get; set; }

    /// <summary>The HTTP status Entra got.</summary>
    public int Status { get; set; }

    /// <summary>The reason Entra was given with a failure.</summary>
    public string? Detail { get; set; }

    public ActivityOutcome Outcome { get; set; }

    /// <summary>Why Workteam did what it did, when that needs saying (the reason of a failure, who applied a held change).</summary>
    public string? OutcomeDetail { get; set; }

    public string? TraceId { get; set; }

    public ActivitySource Source { get; set; }

    public DateTimeOffset RecordedAt { get; set; }
}

internal sealed class ProvisioningActivityConfiguration : IEntityTypeConfiguration<ProvisioningActivity>
{
    public void Configure(EntityTypeBuilder<ProvisioningActivity> activity)
    {
        activity.ToTable("provisioning_activity");
        activity.HasKey(a => a.Id);
        activity.Property(a => a.Id).ValueGeneratedNever();
        activity.Property(a => a.Operation).HasMaxLength(200);
        activity.Property(a => a.ResourceType).HasMaxLength(20);
        activity.Property(a => a.Outcome).HasConversion<string>().HasMaxLength(20);
        activity.Property(a => a.Source).HasConversion<string>().HasMaxLength(20);
        activity.Property(a => a.TraceId).HasMaxLength(32);
        // Lower-cased in the "C" collation, so that a prefix search is an index range whatever plan PostgreSQL picks.
        activity.Property<string>("SubjectKey").HasComputedColumnSql("lower(subject)", stored: true).UseCollation("C");
        activity.HasIndex(a => new { a.OrganizationId, a.At, a.Id }).IsDescending(false, true, true).HasDatabaseName("ix_provisioning_activity_newest");
        activity.HasIndex(a => new { a.OrganizationId, a.At, a.Id }).IsDescending(false, true, true)
            .HasFilter("outcome IN ('Failed', 'Refused')").HasDatabaseName("ix_provisioning_activity_failures");
        activity.HasIndex(a => new { a.OrganizationId, a.ScimId, a.At }).HasDatabaseName("ix_provisioning_activity_resource");
        activity.HasIndex("OrganizationId", "SubjectKey").HasDatabaseName("ix_provisioning_activity_subject");
        activity.HasIndex(a => a.At).HasDatabaseName("ix_provisioning_activity_at");
        activity.HasOne<Organization>().WithMany().HasForeignKey(a => a.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}
