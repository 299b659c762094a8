using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Workteam.Directory.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without a running app host.</summary>
internal sealed class DesignTimeDirectoryDbContextFactory : IDesignTimeDbContextFactory<DirectoryDbContext>
{
    public DirectoryDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<DirectoryDbContext>().UseNpgsql("Host=localhost").UseSnakeCaseNamingConvention().Options);
}
