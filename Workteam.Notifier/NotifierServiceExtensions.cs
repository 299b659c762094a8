using MassTransit;
using Microsoft.EntityFrameworkCore;
using Workteam.Notifier.Data;
using Workteam.Notifier.Digests;
using Workteam.Notifier.Email;

namespace Workteam.Notifier;

public static class NotifierServiceExtensions
{
    public const string DatabaseConnectionName = "notifierdb";

    public static WebApplicationBuilder AddNotifierServices(this WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults();
        builder.AddWorkteamDbContext<NotifierDbContext>(DatabaseConnectionName);
        builder.Services.AddSingleton(TimeProvider.System);

        var smtp = SmtpOptions.FromConnectionString(builder.Configuration.GetConnectionString(SmtpOptions.ConnectionName));
        builder.Configuration.GetSection(SmtpOptions.SectionName).Bind(smtp);
        builder.Services.AddSingleton(smtp);
        builder.Services.AddSingleton<NotifierMetrics>();
        builder.Services.AddSingleton<EmailSender>();
        builder.Services.AddScoped<OnceOnlyMail>();
        builder.Services.AddOptions<EmailRetryOptions>()
            .Bind(builder.Configuration.GetSection(EmailRetryOptions.Section))
            .Validate(o => o.Limit >= 0 && o.FirstDelay > TimeSpan.Zero && o.MaxDelay >= o.FirstDelay,
                "Notifier:EmailRetry needs a Limit of zero or more and 0 < FirstDelay <= MaxDelay.")
            .ValidateOnStart();
        builder.Services.AddHealthChecks().AddCheck<SmtpHealthCheck>("smtp");

        builder.Services.AddOptions<DigestOptions>()
            .Bind(builder.Configuration.GetSection(DigestOptions.SectionName))
            .Validate(o => o.MaxFailuresPerDigest > 0, "Notifier:MaxFailuresPerDigest must be positive.")
            .ValidateOnStart();
        builder.Services.AddHttpClient<NotificationTargets>(client => client.BaseAddress = new Uri(NotificationTargets.DirectoryAddress))
            .AddInternalApiCredential();
        builder.Services.AddScoped<DigestGrouping>();
        builder.Services.AddScoped<DigestDelivery>();
        builder.Services.AddHostedService<DigestService>();
        builder.Services.AddOptions<RetentionOptions>()
            .Bind(builder.Configuration.GetSection(RetentionOptions.Section))
            .Validate(o => o.SentDigests > TimeSpan.Zero && o.PendingFailures > TimeSpan.Zero && o.SentEmails > TimeSpan.Zero && o.PruneInterval > TimeSpan.Zero,
                "Notifier:Retention needs a positive SentDigests, PendingFailures, SentEmails and PruneInterval.")
            .ValidateOnStart();
        builder.Services.AddHostedService<RetentionPruner>();

        builder.AddWorkteamMessaging(bus =>
        {
            bus.AddConsumer<SendEmailConsumer, SendEmailConsumerDefinition>();
            bus.AddConsumer<ProvisioningFailedConsumer, ProvisioningFailedConsumerDefinition>();
        });
        return builder;
    }

    public static Task MigrateNotifierDatabaseAsync(this WebApplication app) => app.MigrateDatabaseAsync<NotifierDbContext>();
}
