using Microsoft.EntityFrameworkCore;
using Workteam.ServiceDefaults.Outbox;

namespace Workteam.Directory.Data;

public sealed class DirectoryDbContext : DbContext, IOutboxDbContext
{
    public DirectoryDbContext(DbContextOptions<DirectoryDbContext> options) : base(options)
    {
        // Every SaveChanges runs alone in its transaction and a failure ends that transaction, so EF's savepoints
        // around it would only cost two round trips each time.
        Database.AutoSavepointsEnabled = false;
    }

    public DbSet<Organization> Organizations => Set<Organization>();

    public DbSet<Account> Accounts => Set<Account>();

    public DbSet<Session> Sessions => Set<Session>();

    public DbSet<ScimToken> ScimTokens => Set<ScimToken>();

    public DbSet<Team> Teams => Set<Team>();

    public DbSet<TeamMembership> TeamMemberships => Set<TeamMembership>();

    public DbSet<Invitation> Invitations => Set<Invitation>();

    public DbSet<PasswordReset> PasswordResets => Set<PasswordReset>();

    public DbSet<ProcessedMessage> ProcessedMessages => Set<ProcessedMessage>();

    public DbSet<ProvisioningActivity> ProvisioningActivity => Set<ProvisioningActivity>();

    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();

    public DbSet<HeldDeprovisioning> HeldDeprovisionings => Set<HeldDeprovisioning>();

    public DbSet<AppliedDeprovisioning> AppliedDeprovisionings => Set<AppliedDeprovisioning>();

    public DbSet<SamlSettings> SamlSettings => Set<SamlSettings>();

    public DbSet<SamlRequest> SamlRequests => Set<SamlRequest>();

    public DbSet<SamlAssertionUse> SamlAssertionUses => Set<SamlAssertionUse>();

    /// <summary>Failure reports and alert emails, published by the relay once their transaction committed.</summary>
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    public DbSet<OutboxDeadLetter> OutboxDeadLetters => Set<OutboxDeadLetter>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(DirectoryDbContext).Assembly).ApplyOutboxConfiguration();
    }
}
