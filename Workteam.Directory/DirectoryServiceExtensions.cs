using Microsoft.EntityFrameworkCore;
using Workteam.Directory.Data;

namespace Workteam.Directory;

public static class DirectoryServiceExtensions
{
    public const string DatabaseConnectionName = "directorydb";

    public static WebApplicationBuilder AddDirectoryServices(this WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults();
        builder.AddNpgsqlDbContext<DirectoryDbContext>(
            DatabaseConnectionName,
            configureDbContextOptions: options => options.UseSnakeCaseNamingConvention());
        builder.AddWorkteamMessaging();
        builder.Services.AddRazorPages();
        return builder;
    }

    public static async Task MigrateDirectoryDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DirectoryDbContext>().Database.MigrateAsync();
    }

    public static WebApplication MapDirectoryEndpoints(this WebApplication app)
    {
        app.MapStaticAssets();
        app.MapRazorPages().WithStaticAssets();
        return app;
    }
}
