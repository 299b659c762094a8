using Microsoft.EntityFrameworkCore;

namespace Workteam.ServiceDefaults.Outbox;

/// <summary>A service's DbContext with an outbox: its tables are <c>outbox_messages</c> and <c>outbox_dead_letters</c>.</summary>
public interface IOutboxDbContext
{
    DbSet<OutboxMessage> OutboxMessages { get; }

    DbSet<OutboxDeadLetter> OutboxDeadLetters { get; }
}

public static class OutboxModel
{
    /// <summary>Maps the outbox tables; called from the context's <c>OnModelCreating</c>.</summary>
    public static ModelBuilder ApplyOutboxConfiguration(this ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfiguration(new OutboxMessageConfiguration()).ApplyConfiguration(new OutboxDeadLetterConfiguration());
}
