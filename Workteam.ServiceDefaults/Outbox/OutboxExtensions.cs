using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Workteam.ServiceDefaults.Outbox;

/// <summary>The database the outbox lives in and the channel its insert trigger notifies.</summary>
public sealed record OutboxChannel(string ConnectionString, string Name);

public static class OutboxExtensions
{
    /// <summary>
    /// Relays the outbox of <typeparamref name="TContext"/> (decision 0005): the relay, the backlog count and the
    /// outbox health check, with the settings of the <c>Outbox</c> section. <paramref name="channel"/> is the
    /// notification channel of the table's insert trigger (see the migration that created it).
    /// </summary>
    public static IHostApplicationBuilder AddWorkteamOutbox<TContext>(this IHostApplicationBuilder builder, string connectionName, string channel)
        where TContext : DbContext, IOutboxDbContext
    {
        var connectionString = builder.Configuration.GetConnectionString(connectionName)
            ?? throw new InvalidOperationException($"Connection string '{connectionName}' is missing.");
        builder.Services.Configure<OutboxOptions>(builder.Configuration.GetSection(OutboxOptions.SectionName));
        builder.Services.AddSingleton(new OutboxChannel(connectionString, channel));
        builder.Services.AddHostedService<OutboxRelay<TContext>>();
        builder.Services.AddSingleton<OutboxBacklog>();
        builder.Services.AddHostedService<OutboxBacklogMonitor<TContext>>();
        builder.Services.AddHealthChecks().AddCheck<OutboxHealthCheck>(OutboxHealthCheck.Name);
        return builder;
    }
}
