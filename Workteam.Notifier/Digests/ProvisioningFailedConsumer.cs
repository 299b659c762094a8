using MassTransit;
using Microsoft.EntityFrameworkCore;
using Workteam.Contracts.Provisioning;
using Workteam.Notifier.Data;

namespace Workteam.Notifier.Digests;

/// <summary>
/// Stores each reported failure until the digest service groups it. The message id is the primary key: a message
/// delivered twice is stored once, and the second delivery is acknowledged without effect.
/// </summary>
public sealed class ProvisioningFailedConsumer(NotifierDbContext db, TimeProvider clock, ILogger<ProvisioningFailedConsumer> logger)
    : IConsumer<ProvisioningFailed>
{
    public async Task Consume(ConsumeContext<ProvisioningFailed> context)
    {
        var failure = context.Message;
        var inserted = await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO received_failures (message_id, organization_id, occurred_at, operation, subject, status, reason, received_at)
            VALUES ({failure.MessageId}, {failure.OrganizationId}, {failure.OccurredAt.ToUniversalTime()}, {failure.Operation}, {failure.Subject},
                    {failure.Status}, {failure.Reason}, {clock.GetUtcNow()})
            ON CONFLICT (message_id) DO NOTHING
            """, context.CancellationToken);
        if (inserted == 0)
        {
            logger.LogDebug("Provisioning failure {MessageId} was already received", failure.MessageId);
        }
    }
}

/// <summary>While the database is unreachable a failure is retried with growing delays rather than dropped.</summary>
public sealed class ProvisioningFailedConsumerDefinition : ConsumerDefinition<ProvisioningFailedConsumer>
{
    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<ProvisioningFailedConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        endpointConfigurator.UseMessageRetry(retry => retry.Exponential(10, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(2)));
    }
}
