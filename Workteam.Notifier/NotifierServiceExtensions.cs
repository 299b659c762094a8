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
        builder.Services.AddSingleton<EmailSender>();
        builder.Services.AddHealthChecks().AddCheck<SmtpHealthCheck>("smtp");

        builder.Services.Configure<DigestOptions>(builder.Configuration.GetSection(DigestOptions.SectionName));
        builder.Services.AddHttpClient<NotificationTargets>(client => client.BaseAddress = new Uri(NotificationTargets.DirectoryAddress));
        builder.Services.AddScoped<DigestGrouping>();
        builder.Services.AddScoped<DigestDelivery>();
        builder.Services.AddHostedService<DigestService>();

        builder.AddWorkteamMessaging(bus =>
        {
            bus.AddConsumer<SendEmailConsumer, SendEmailConsumerDefinition>();
            bus.AddConsumer<ProvisioningFailedConsumer, ProvisioningFailedConsumerDefinition>();
        });
        return builder;
    }

    public static Task MigrateNotifierDatabaseAsync(this WebApplication app) => app.MigrateDatabaseAsync<NotifierDbContext>();
}
