using Microsoft.EntityFrameworkCore;
using Workteam.ServiceDefaults.Outbox;

namespace Workteam.ScimApi.Data;

public sealed class ScimDbContext : DbContext, IOutboxDbContext
{
    public ScimDbContext(DbContextOptions<ScimDbContext> options) : base(options)
    {
        // Every SaveChanges runs alone in its transaction and a failure ends that transaction, so EF's savepoints
        // around it would only cost two round trips each time.
        Database.AutoSavepointsEnabled = false;
    }

    public DbSet<ScimUser> Users => Set<ScimUser>();

    public DbSet<ScimGroup> Groups => Set<ScimGroup>();

    public DbSet<ScimGroupMember> GroupMembers => Set<ScimGroupMember>();

    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    public DbSet<OutboxDeadLetter> OutboxDeadLetters => Set<OutboxDeadLetter>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ScimDbContext).Assembly).ApplyOutboxConfiguration();
    }
}
