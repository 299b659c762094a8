using MassTransit;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Workteam.Directory.Accounts;
using Workteam.Directory.Activity;
using Workteam.Directory.Apis;
using Workteam.Directory.Data;
using Workteam.Directory.Invitations;
using Workteam.Directory.Members;
using Workteam.Directory.Provisioning;
using Workteam.Directory.Provisioning.Guard;
using Workteam.Directory.Saml;
using Workteam.Directory.Security;
using Workteam.ServiceDefaults.Outbox;

namespace Workteam.Directory;

public static class DirectoryServiceExtensions
{
    public const string DatabaseConnectionName = "directorydb";

    /// <summary>The channel of the outbox insert trigger (migration DirectoryOutbox).</summary>
    public const string OutboxChannelName = "directory_outbox";

    public static WebApplicationBuilder AddDirectoryServices(this WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults();
        builder.AddWorkteamDbContext<DirectoryDbContext>(DatabaseConnectionName, options => options.UseNpgsql(npgsql =>
            npgsql.EnableRetryOnFailure(ProvisioningRetry.DatabaseRetries, ProvisioningRetry.LongestPause, errorCodesToAdd: null)));
        builder.AddWorkteamDbContext<DataProtectionKeysDbContext>(DatabaseConnectionName,
            options => options.UseNpgsql(npgsql => npgsql.MigrationsHistoryTable(DataProtectionKeysDbContext.MigrationsHistoryTable)));
        // One key ring for all replicas: a form (antiforgery token) served by one replica is accepted by another.
        builder.Services.AddDataProtection()
            .SetApplicationName("Workteam.Directory")
            .PersistKeysToDbContext<DataProtectionKeysDbContext>();
        builder.AddWorkteamMessaging(bus =>
        {
            bus.AddConsumer<UserEventsConsumer, UserEventsConsumerDefinition>();
            bus.AddConsumer<UserAccessEventsConsumer, UserAccessEventsConsumerDefinition>();
            bus.AddConsumer<UserEventsOneAtATimeConsumer, UserEventsOneAtATimeConsumerDefinition>();
            bus.AddConsumer<GroupEventsConsumer, GroupEventsConsumerDefinition>();
            bus.AddConsumer<ProvisioningFaultConsumer, ProvisioningFaultConsumerDefinition>();
            bus.AddConsumer<ScimRequestActivityConsumer, ScimRequestActivityConsumerDefinition>();
            bus.AddConsumer<EmailSentConsumer, EmailSentConsumerDefinition>();
            bus.AddConsumer<InvitationFaultConsumer, InvitationFaultConsumerDefinition>();
        });
        builder.AddWorkteamOutbox<DirectoryDbContext>(DatabaseConnectionName, OutboxChannelName);

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IPasswordHasher<Account>, PasswordHasher<Account>>();
        builder.Services.AddSingleton<PublicUrls>();
        builder.Services.AddScoped<OrganizationSignUp>();
        builder.Services.AddScoped<SignInService>();
        builder.Services.AddScoped<SamlSettingsStore>();
        builder.Services.AddScoped<SamlSignIn>();
        builder.Services.AddScoped<SsoOrganizations>();
        builder.Services.AddSingleton<PasswordResetPolicy>();
        builder.Services.AddSingleton<PasswordResetEmail>();
        builder.Services.AddSingleton<PasswordResetRequests>();
        builder.Services.AddHostedService<PasswordResetMailer>();
        builder.Services.AddScoped<PasswordResetService>();
        builder.Services.AddScoped<AccountAdministration>();
        builder.Services.AddScoped<Seats>();
        builder.Services.AddScoped<ScimProvisioningSettings>();
        builder.Services.AddScoped<ScimCredentialSource>();
        builder.Services.AddScoped<GatewayRefusals>();
        builder.Services.AddScoped<ProvisioningInbox>();
        builder.Services.Configure<ProvisioningHealthOptions>(builder.Configuration.GetSection(ProvisioningHealthOptions.Section));
        builder.Services.AddSingleton<ProvisioningMetrics>();
        builder.Services.AddHostedService<HeldDeprovisioningCounter>();
        builder.Services.AddHealthChecks().AddCheck<ProvisioningHealthCheck>(ProvisioningHealthCheck.Name);
        builder.Services.Configure<ActivityOptions>(builder.Configuration.GetSection(ActivityOptions.Section));
        builder.Services.AddScoped<ActivityLog>();
        builder.Services.AddScoped<AuditLog>();
        builder.Services.AddScoped<AuditQueries>();
        builder.Services.AddScoped<ActivityQueries>();
        builder.Services.AddSingleton<DashboardLinks>();
        builder.Services.AddScoped<ProvisioningStatus>();
        builder.Services.AddScoped<UserProvisioning>();
        builder.Services.AddScoped<TeamProvisioning>();
        builder.Services.AddScoped<InvitationService>();
        builder.Services.AddSingleton<InvitationEmail>();
        builder.Services.AddScoped<MemberQueries>();
        builder.Services.AddScoped<TeamQueries>();
        builder.Services.AddScoped<MemberDetails>();
        builder.Services.AddOptions<DeprovisioningGuardOptions>()
            .Bind(builder.Configuration.GetSection(DeprovisioningGuardOptions.Section))
            .Validate(o => o.Share is > 0 and <= 1 && o.Window > TimeSpan.Zero && o.MinimumActions >= 0,
                "Directory:DeprovisioningGuard needs 0 < Share <= 1, a positive Window and MinimumActions >= 0.")
            .ValidateOnStart();
        builder.Services.AddScoped<DeprovisioningGuard>();
        builder.Services.AddOptions<RetentionOptions>()
            .Bind(builder.Configuration.GetSection(RetentionOptions.Section))
            .Validate(o => o.ProcessedMessages > TimeSpan.Zero && o.ExpiredSessions >= TimeSpan.Zero && o.Activity > TimeSpan.Zero && o.PruneInterval > TimeSpan.Zero,
                "Directory:Retention needs a positive ProcessedMessages, Activity and PruneInterval, and ExpiredSessions of zero or more.")
            .ValidateOnStart();
        builder.Services.AddHostedService<RetentionPruner>();
        builder.Services.AddScoped<HeldDeprovisionings>();
        builder.Services.AddSingleton<GuardEmail>();

        builder.Services.AddOptions<SignInLimitOptions>().Bind(builder.Configuration.GetSection(SignInLimitOptions.Section))
            .Validate(o => o.PerAddressPerMinute > 0 && o.PerAccountPerMinute > 0 && o.SignUpsPerAddressPerHour > 0 && o.PasswordResetsPerAddressPerHour > 0,
                "Directory:SignInLimits needs positive limits.")
            .ValidateOnStart();
        builder.Services.AddSingleton<SignInLimits>();
        var limits = builder.Configuration.GetSection(SignInLimitOptions.Section).Get<SignInLimitOptions>() ?? new SignInLimitOptions();
        builder.Services.AddRateLimiter(limiter => SignInLimits.AddPolicies(limiter, limits));

        builder.Services.AddAuthentication(SessionAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, SessionAuthenticationHandler>(SessionAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorization();
        builder.Services.AddProblemDetails();
        builder.Services.AddRazorPages(options =>
        {
            options.Conventions.AuthorizeFolder("/Organization");
        });
        return builder;
    }

    public static async Task MigrateDirectoryDatabaseAsync(this WebApplication app)
    {
        await app.MigrateDatabaseAsync<DirectoryDbContext>();
        await app.MigrateDatabaseAsync<DataProtectionKeysDbContext>();
    }

    public static WebApplication MapDirectoryEndpoints(this WebApplication app)
    {
        app.UseBrowserProtections();
        app.UseStatusCodePages();
        app.UseMiddleware<DatabaseOutageResponses>();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseCookieForgeryCheck();
        app.UseAuthorization();
        app.MapStaticAssets();
        app.MapRazorPages().WithStaticAssets();
        app.MapOrganizationsApi();
        app.MapSessionsApi();
        app.MapScimSettingsApi();
        app.MapSamlSettingsApi();
        app.MapSamlSignInApi();
        app.MapAccountsApi();
        app.MapInvitationsApi();
        app.MapPasswordResetsApi();
        app.MapTeamsApi();
        app.MapHeldDeprovisioningsApi();
        app.MapProvisioningActivityApi();
        app.MapAuditApi();
        app.MapInternalApi();
        return app;
    }
}
