using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Workteam.Directory.Data;

/// <summary>
/// A message Directory has applied, written in the same transaction as its effect: a second delivery of the
/// same message finds it and changes nothing.
/// </summary>
public sealed class ProcessedMessage
{
    public Guid MessageId { get; set; }

    public required string MessageType { get; set; }

    public DateTimeOffset ProcessedAt { get; set; }
}

internal sealed class ProcessedMessageConfiguration : IEntityTypeConfiguration<ProcessedMessage>
{
    public void Configure(EntityTypeBuilder<ProcessedMessage> message)
    {
        message.ToTable("processed_messages");
        message.HasKey(m => m.MessageId);
        message.Property(m => m.MessageId).ValueGeneratedNever();
        message.Property(m => m.MessageType).HasMaxLength(200);
        message.HasIndex(m => m.ProcessedAt);
    }
}
