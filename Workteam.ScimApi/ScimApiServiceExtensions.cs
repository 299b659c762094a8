using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Workteam.ScimApi.Apis;
using Workteam.ScimApi.Data;
using Workteam.ScimApi.Protocol;
using Workteam.ScimApi.Resources;
using Workteam.ServiceDefaults.Outbox;

namespace Workteam.ScimApi;

public static class ScimApiServiceExtensions
{
    public const string DatabaseConnectionName = "scimdb";

    /// <summary>The channel of the outbox insert trigger (migration InitialScimSchema).</summary>
    public const string OutboxChannelName = "scim_outbox";

    public static WebApplicationBuilder AddScimApiServices(this WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults();
        builder.AddWorkteamDbContext<ScimDbContext>(
            DatabaseConnectionName,
            // A uniqueness violation is an ordinary 409 for Entra, not an error worth logging; ScimErrorHandling
            // logs whatever it cannot translate.
            options => options
                .ConfigureWarnings(warnings => warnings.Log((CoreEventId.SaveChangesFailed, LogLevel.Debug)))
                .UseNpgsql(npgsql => npgsql.ExecutionStrategy(dependencies => new BoundedRetryStrategy(dependencies))));
        builder.AddWorkteamMessaging();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddScoped<UserQueries>();
        builder.Services.AddScoped<GroupQueries>();
        builder.Services.AddScoped<ScimWrite>();
        builder.Services.AddScoped<UserStore>();
        builder.Services.AddScoped<GroupStore>();
        builder.AddWorkteamOutbox<ScimDbContext>(DatabaseConnectionName, OutboxChannelName);
        builder.Services.AddSingleton<ScimApiMetrics>();
        return builder;
    }

    public static Task MigrateScimDatabaseAsync(this WebApplication app) => app.MigrateDatabaseAsync<ScimDbContext>();

    public static WebApplication MapScimEndpoints(this WebApplication app)
    {
        app.UseMiddleware<ScimRequestCounting>();
        app.UseMiddleware<ScimRequestRecorder>();
        app.UseMiddleware<ScimErrorHandling>();
        // Routing answers 405 and the like with an empty body; SCIM clients get a SCIM error instead.
        app.UseStatusCodePages(context => ScimResults.Error(context.HttpContext.Response.StatusCode, StatusDetail(context.HttpContext)).ExecuteAsync(context.HttpContext));

        var organization = app.MapGroup("/scim/v2/{organizationId:guid}")
            .AddEndpointFilter<TrustedOrganizationFilter>();
        organization.MapScimUsersApi();
        organization.MapScimGroupsApi();
        organization.MapScimDiscoveryApi();

        // Any SCIM path nothing else answers gets a SCIM error body, never an empty or HTML 404.
        app.MapFallback("/scim/{**path}", (string path) =>
            ScimResults.Error(StatusCodes.Status404NotFound, $"No SCIM resource or endpoint at /scim/{path}."));
        return app;
    }

    private static string StatusDetail(HttpContext http) => http.Response.StatusCode switch
    {
        StatusCodes.Status405MethodNotAllowed => $"{http.Request.Method} is not allowed on {http.Request.Path}.",
        StatusCodes.Status415UnsupportedMediaType => "Send the body as application/scim+json.",
        _ => $"The request to {http.Request.Path} failed.",
    };
}
