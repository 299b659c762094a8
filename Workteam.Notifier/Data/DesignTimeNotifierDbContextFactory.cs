using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Workteam.Notifier.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without a running app host.</summary>
internal sealed class DesignTimeNotifierDbContextFactory : IDesignTimeDbContextFactory<NotifierDbContext>
{
    public NotifierDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<NotifierDbContext>().UseNpgsql("Host=localhost").UseSnakeCaseNamingConvention().Options);
}
