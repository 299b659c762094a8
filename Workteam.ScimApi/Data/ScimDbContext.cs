using Microsoft.EntityFrameworkCore;

namespace Workteam.ScimApi.Data;

public sealed class ScimDbContext(DbContextOptions<ScimDbContext> options) : DbContext(options)
{
    public DbSet<ScimUser> Users => Set<ScimUser>();

    public DbSet<ScimGroup> Groups => Set<ScimGroup>();

    public DbSet<ScimGroupMember> GroupMembers => Set<ScimGroupMember>();

    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ScimDbContext).Assembly);
    }
}
