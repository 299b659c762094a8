using Microsoft.EntityFrameworkCore;
using Workteam.ScimApi.Apis;
using Workteam.ScimApi.Data;
using Workteam.ScimApi.Protocol;

namespace Workteam.ScimApi;

public static class ScimApiServiceExtensions
{
    public const string DatabaseConnectionName = "scimdb";

    public static WebApplicationBuilder AddScimApiServices(this WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults();
        builder.AddNpgsqlDbContext<ScimDbContext>(
            DatabaseConnectionName,
            configureDbContextOptions: options => options.UseSnakeCaseNamingConvention());
        builder.AddWorkteamMessaging();
        return builder;
    }

    public static async Task MigrateScimDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ScimDbContext>().Database.MigrateAsync();
    }

    public static WebApplication MapScimEndpoints(this WebApplication app)
    {
        var organization = app.MapGroup("/scim/v2/{organizationId:guid}")
            .AddEndpointFilter<TrustedOrganizationFilter>();
        organization.MapScimQueryApi();

        // Any SCIM path nothing else answers gets a SCIM error body, never an empty or HTML 404.
        app.MapFallback("/scim/{**path}", (string path) =>
            ScimResults.Error(StatusCodes.Status404NotFound, $"No SCIM resource or endpoint at /scim/{path}."));
        return app;
    }
}
