using MassTransit;
using Workteam.Notifier.Email;

namespace Workteam.Notifier;

public static class NotifierServiceExtensions
{
    public static WebApplicationBuilder AddNotifierServices(this WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults();

        var smtp = SmtpOptions.FromConnectionString(builder.Configuration.GetConnectionString(SmtpOptions.ConnectionName));
        builder.Configuration.GetSection(SmtpOptions.SectionName).Bind(smtp);
        builder.Services.AddSingleton(smtp);
        builder.Services.AddSingleton<EmailSender>();
        builder.Services.AddHealthChecks().AddCheck<SmtpHealthCheck>("smtp");

        builder.AddWorkteamMessaging(bus => bus.AddConsumer<SendEmailConsumer, SendEmailConsumerDefinition>());
        return builder;
    }
}
