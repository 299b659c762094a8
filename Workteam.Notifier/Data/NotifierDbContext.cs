using Microsoft.EntityFrameworkCore;

namespace Workteam.Notifier.Data;

public sealed class NotifierDbContext(DbContextOptions<NotifierDbContext> options) : DbContext(options)
{
    public DbSet<ReceivedFailure> ReceivedFailures => Set<ReceivedFailure>();

    public DbSet<FailureDigest> FailureDigests => Set<FailureDigest>();

    public DbSet<SentEmail> SentEmails => Set<SentEmail>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(NotifierDbContext).Assembly);
    }
}
