using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Workteam.ScimApi.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without a running app host.</summary>
internal sealed class DesignTimeScimDbContextFactory : IDesignTimeDbContextFactory<ScimDbContext>
{
    public ScimDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<ScimDbContext>().UseNpgsql("Host=localhost").UseSnakeCaseNamingConvention().Options);
}
