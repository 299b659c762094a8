using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Workteam.ServiceDefaults.Outbox;

/// <summary>
/// An outbox row the relay could not turn into a message (an unknown type, a payload that does not read as its
/// type), moved aside so that the rows after it are still published. Kept for support; nothing retries it.
/// </summary>
public sealed class OutboxDeadLetter
{
    public long Id { get; set; }

    public Guid MessageId { get; set; }

    public required string MessageType { get; set; }

    public required JsonDocument Payload { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset FailedAt { get; set; }

    public required string Reason { get; set; }
}

public sealed class OutboxDeadLetterConfiguration : IEntityTypeConfiguration<OutboxDeadLetter>
{
    public void Configure(EntityTypeBuilder<OutboxDeadLetter> letter)
    {
        letter.ToTable("outbox_dead_letters");
        letter.HasKey(l => l.Id);
        letter.Property(l => l.Id).ValueGeneratedNever();
        letter.Property(l => l.MessageType).HasMaxLength(200);
        letter.Property(l => l.Payload).HasColumnType("jsonb");
    }
}
