using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Workteam.ServiceDefaults.Outbox;

/// <summary>
/// A message written in the same transaction as the change it describes, published to RabbitMQ afterwards
/// (transactional outbox) by <see cref="OutboxRelay{TContext}"/>.
/// </summary>
public sealed class OutboxMessage
{
    public long Id { get; set; }

    public Guid MessageId { get; set; }

    public required string MessageType { get; set; }

    public required JsonDocument Payload { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? SentAt { get; set; }

    /// <summary>The SCIM request that wrote it, as method and success status (ScimApi's rows only).</summary>
    public string? ScimRequest { get; set; }

    /// <summary>The W3C traceparent of the request or event that wrote it.</summary>
    public string? TraceParent { get; set; }
}

public sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> message)
    {
        message.ToTable("outbox_messages");
        message.HasKey(m => m.Id);
        message.Property(m => m.Id).UseIdentityAlwaysColumn();
        message.HasIndex(m => m.MessageId).IsUnique();
        message.Property(m => m.MessageType).HasMaxLength(200);
        message.Property(m => m.Payload).HasColumnType("jsonb");
        message.Property(m => m.ScimRequest).HasMaxLength(20);
        message.Property(m => m.TraceParent).HasMaxLength(64);
        message.HasIndex(m => m.Id).HasFilter("sent_at IS NULL").HasDatabaseName("ix_outbox_messages_unsent");
    }
}
