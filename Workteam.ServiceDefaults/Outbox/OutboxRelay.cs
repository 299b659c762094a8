using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Workteam.Contracts.Provisioning;

namespace Workteam.ServiceDefaults.Outbox;

/// <summary>
/// Publishes committed outbox rows to RabbitMQ and marks them sent. Each batch is claimed with
/// <c>FOR UPDATE SKIP LOCKED</c>, so several replicas of the service relay side by side without publishing a row twice
/// at the same time; a row is marked sent only after RabbitMQ confirmed it, in the same transaction that
/// claimed it. While RabbitMQ is down the rows stay and the relay retries with growing delays.
/// </summary>
public sealed class OutboxRelay<TContext>(
    IServiceScopeFactory scopes, OutboxChannel channel, IHostEnvironment environment, IOptions<OutboxOptions> options, TimeProvider clock,
    ILogger<OutboxRelay<TContext>> logger)
    : BackgroundService
    where TContext : DbContext, IOutboxDbContext
{
    private readonly OutboxOptions _options = options.Value;
    private readonly OutboxTracing _tracing = new(environment.ApplicationName);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using var notifications = new OutboxNotifications(channel.ConnectionString, channel.Name, logger);
        notifications.Start();
        var failures = 0;
        var nextCleanup = clock.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var published = await PublishBatchAsync(stoppingToken);
                failures = 0;
                if (clock.GetUtcNow() >= nextCleanup)
                {
                    await DeleteSentAsync(stoppingToken);
                    nextCleanup = clock.GetUtcNow() + _options.CleanupInterval;
                }

                if (published < _options.BatchSize)
                {
                    await notifications.WaitAsync(_options.PollInterval, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                var delay = RetryDelay(++failures);
                logger.LogWarning(e, "Publishing outbox messages failed (attempt {Attempt}); retrying in {Delay}", failures, delay);
                await Task.Delay(delay, stoppingToken);
            }
        }
    }

    /// <summary>0.5 s, 1 s, 2 s, … up to <see cref="OutboxOptions.MaxRetryDelay"/>.</summary>
    private TimeSpan RetryDelay(int failures) =>
        TimeSpan.FromMilliseconds(Math.Min(_options.MaxRetryDelay.TotalMilliseconds, 500 * Math.Pow(2, Math.Min(failures - 1, 16))));

    private async Task<int> PublishBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var bus = scope.ServiceProvider.GetRequiredService<IBus>();
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var batch = await db.OutboxMessages
                .FromSql($"SELECT * FROM outbox_messages WHERE sent_at IS NULL ORDER BY id LIMIT {_options.BatchSize} FOR UPDATE SKIP LOCKED")
                .AsNoTracking()
                .ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                return 0;
            }

            var messages = batch.Select(row => (Row: row, Message: OutboxMessageReader.TryRead(row, out var message, out var error) ? message : null, Error: error)).ToList();
            await MoveAsideAsync(db, [.. messages.Where(m => m.Message is null).Select(m => (m.Row, m.Error!))], cancellationToken);
            var readable = messages.Where(m => m.Message is not null).ToList();

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.PublishTimeout);
            // Bounded here too, not only through the token: a publish that ignores its cancellation while the
            // broker comes back would otherwise hold the batch, and the relay, without a word.
            await Task.WhenAll(readable.Select(m => PublishAsync(bus, m.Row, m.Message!, timeout.Token))).WaitAsync(_options.PublishTimeout, cancellationToken);

            var sentAt = clock.GetUtcNow();
            var ids = readable.Select(m => m.Row.Id).ToList();
            await db.OutboxMessages.Where(m => ids.Contains(m.Id)).ExecuteUpdateAsync(m => m.SetProperty(x => x.SentAt, sentAt), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return batch.Count;
        });
    }

    /// <summary>
    /// Publishes one row in the trace of the request that wrote it. An async method of its own, so that the row's
    /// relay span is <see cref="System.Diagnostics.Activity.Current"/> only for its own publish, never for the
    /// other rows of the batch published beside it.
    /// </summary>
    private async Task PublishAsync(IBus bus, OutboxMessage row, object message, CancellationToken cancellationToken)
    {
        using var relay = _tracing.StartRelay(row, clock.GetUtcNow());
        // The outbox row's id is the message id: consumers recognise a message published twice.
        await bus.Publish(message, message.GetType(), context =>
        {
            context.MessageId = row.MessageId;
            if (row.ScimRequest is not null)
            {
                context.Headers.Set(ScimRequestHeaders.Request, row.ScimRequest);
            }

            if (row.TraceParent is not null)
            {
                context.Headers.Set(ScimRequestHeaders.TraceParent, row.TraceParent);
            }
        }, cancellationToken);
    }

    /// <summary>
    /// Moves rows that cannot be published to <c>outbox_dead_letters</c>, in the batch's transaction, and reports
    /// each: one bad row must not hold back every change after it.
    /// </summary>
    private async Task MoveAsideAsync(TContext db, List<(OutboxMessage Row, string Reason)> unreadable, CancellationToken cancellationToken)
    {
        if (unreadable.Count == 0)
        {
            return;
        }

        var now = clock.GetUtcNow();
        foreach (var (row, reason) in unreadable)
        {
            logger.LogError("Outbox message {Id} ({MessageId}, {MessageType}) cannot be published and was moved to outbox_dead_letters: {Reason}",
                row.Id, row.MessageId, row.MessageType, reason);
            db.OutboxDeadLetters.Add(new OutboxDeadLetter
            {
                Id = row.Id, MessageId = row.MessageId, MessageType = row.MessageType, Payload = row.Payload, CreatedAt = row.CreatedAt, FailedAt = now, Reason = reason,
            });
        }

        await db.SaveChangesAsync(cancellationToken);
        var ids = unreadable.Select(u => u.Row.Id).ToList();
        await db.OutboxMessages.Where(m => ids.Contains(m.Id)).ExecuteDeleteAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _tracing.Dispose();
        base.Dispose();
    }

    private async Task DeleteSentAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var before = clock.GetUtcNow() - _options.Retention;
        var deleted = await db.OutboxMessages.Where(m => m.SentAt != null && m.SentAt < before).ExecuteDeleteAsync(cancellationToken);
        if (deleted > 0)
        {
            logger.LogInformation("Deleted {Count} outbox messages sent before {Before}", deleted, before);
        }
    }
}
