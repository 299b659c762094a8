using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Moves the messages in this service's <c>_error</c> queues back to the queues they failed in, so they are consumed
/// again (once the cause is fixed). Only the messages waiting when it starts are moved: one that fails again goes
/// back to <c>_error</c> and waits for the next retry instead of going round in a loop.
/// </summary>
public sealed class FailedMessageRetry(ServiceQueues queues, IConfiguration configuration, ILogger<FailedMessageRetry> logger)
{
    public const string Path = Workteam.Contracts.InternalRoutes.RetryFailedMessages;

    /// <summary>How many messages were moved back, by queue (queues with none are left out).</summary>
    public async Task<IReadOnlyDictionary<string, int>> RetryAsync(CancellationToken cancellationToken)
    {
        var factory = new ConnectionFactory { Uri = new Uri(configuration.GetConnectionString(MessagingExtensions.ConnectionName)!) };
        await using var connection = await factory.CreateConnectionAsync(cancellationToken);
        var moved = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var queue in queues.Names.Order(StringComparer.Ordinal))
        {
            var count = await MoveBackAsync(connection, queue, cancellationToken);
            if (count > 0)
            {
                moved[queue] = count;
                logger.LogWarning("Moved {Count} failed messages from {Queue}_error back to {Queue}", count, queue, queue);
            }
        }

        return moved;
    }

    private static async Task<int> MoveBackAsync(IConnection connection, string queue, CancellationToken cancellationToken)
    {
        // A channel per queue: asking for an error queue that does not exist (nothing ever failed there) closes it.
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
        var errorQueue = queue + QueueDepths.ErrorSuffix;
        var waiting = await QueueDepthSampler.ReadyMessagesAsync(channel, errorQueue, cancellationToken) ?? 0;
        var moved = 0;
        while (moved < waiting && await channel.BasicGetAsync(errorQueue, autoAck: false, cancellationToken) is { } failed)
        {
            // MassTransit's receive endpoint has an exchange of the queue's name bound to the queue. The publish is
            // confirmed before the failed copy is acknowledged, so a crash in between leaves a duplicate, never a loss.
            await channel.BasicPublishAsync(queue, "", mandatory: false, new BasicProperties(failed.BasicProperties), failed.Body, cancellationToken);
            await channel.BasicAckAsync(failed.DeliveryTag, multiple: false, cancellationToken);
            moved++;
        }

        return moved;
    }
}

public static class FailedMessageRetryEndpoint
{
    /// <summary>
    /// <c>POST /internal/failed-messages/retry</c> → <c>{"moved": {"queue": count}}</c>, for the app host's
    /// <i>Retry failed messages</i> command; only with the service token (decision 0013).
    /// </summary>
    public static IEndpointConventionBuilder MapFailedMessageRetry(this IEndpointRouteBuilder app) =>
        app.MapPost(FailedMessageRetry.Path, async (HttpContext context, FailedMessageRetry retry, CancellationToken cancellationToken) =>
            context.HasServiceToken()
                ? Results.Ok(new { moved = await retry.RetryAsync(cancellationToken) })
                : Results.Problem("Only Workteam's services may call this.", statusCode: StatusCodes.Status401Unauthorized))
            .AllowAnonymous();
}
