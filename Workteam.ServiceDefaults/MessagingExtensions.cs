using System.Diagnostics.Metrics;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.Hosting;

public static class MessagingExtensions
{
    public const string ConnectionName = "messaging";

    /// <summary>
    /// MassTransit on RabbitMQ from the <c>messaging</c> connection string (<c>amqp://user:password@host:port</c>).
    /// Its bus health check joins <c>/health</c>, so a service is healthy only while connected.
    /// </summary>
    public static TBuilder AddWorkteamMessaging<TBuilder>(this TBuilder builder, Action<IBusRegistrationConfigurator>? configure = null)
        where TBuilder : IHostApplicationBuilder
    {
        var connectionString = builder.Configuration.GetConnectionString(ConnectionName)
            ?? throw new InvalidOperationException($"Connection string '{ConnectionName}' is missing.");

        builder.Services.AddMassTransit(bus =>
        {
            bus.SetKebabCaseEndpointNameFormatter();
            configure?.Invoke(bus);
            bus.UsingRabbitMq((context, rabbit) =>
            {
                // Publishing completes only once RabbitMQ confirmed it has the message.
                rabbit.Host(new Uri(connectionString), host => host.PublisherConfirmation = true);
                rabbit.ConfigureEndpoints(context);
            });
        });
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ServiceQueues>();
        builder.Services.AddSingleton<FailedMessageRetry>();
        builder.Services.AddReceiveEndpointObserver(services => services.GetRequiredService<ServiceQueues>());
        builder.Services.AddSingleton(services => new QueueDepths(
            services.GetRequiredService<IMeterFactory>(), builder.Environment.ApplicationName, services.GetRequiredService<TimeProvider>()));
        builder.Services.AddHostedService<QueueDepthSampler>();
        return builder;
    }
}
