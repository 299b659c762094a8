using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Workteam.Directory.Data;

/// <summary>
/// The Data Protection key ring every Directory replica shares (antiforgery tokens, and anything else protected
/// with it, made by one replica are read by the others). A context of its own on the directory database, with its
/// own migrations and history table, so that it changes independently of <see cref="DirectoryDbContext"/>.
/// </summary>
public sealed class DataProtectionKeysDbContext(DbContextOptions<DataProtectionKeysDbContext> options)
    : DbContext(options), IDataProtectionKeyContext
{
    public const string MigrationsHistoryTable = "__data_protection_migrations_history";

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
}

/// <summary>Lets <c>dotnet ef migrations add --context DataProtectionKeysDbContext</c> build the model without a running app host.</summary>
internal sealed class DesignTimeDataProtectionKeysDbContextFactory : IDesignTimeDbContextFactory<DataProtectionKeysDbContext>
{
    public DataProtectionKeysDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<DataProtectionKeysDbContext>()
            .UseNpgsql("Host=localhost", npgsql => npgsql.MigrationsHistoryTable(DataProtectionKeysDbContext.MigrationsHistoryTable))
            .UseSnakeCaseNamingConvention().Options);
}
