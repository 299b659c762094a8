using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The messages waiting in this service's queues and in their <c>_error</c> queues, as last sampled
/// (<see cref="QueueDepthSampler"/>), and the gauge <c>workteam.messaging.error_queue.messages</c> on the service's meter.
/// </summary>
public sealed class QueueDepths
{
    public const string ErrorSuffix = "_error";

    private readonly TimeProvider _clock;
    private volatile IReadOnlyDictionary<string, long> _counts = new Dictionary<string, long>();

    public QueueDepths(IMeterFactory meters, string meterName, TimeProvider clock)
    {
        _clock = clock;
        meters.Create(meterName).CreateObservableGauge("workteam.messaging.error_queue.messages", ErrorQueueMeasurements, "{message}",
            "Messages in the service's _error queues: ones that failed all their retries and wait for someone to look.");
    }

    /// <summary>Ready messages in the service's own queues (not the error queues) at the last sample.</summary>
    public long Waiting { get; private set; }

    /// <summary>Since when the samples have found messages waiting without a break; null when the last found none.</summary>
    public DateTimeOffset? WaitingSince { get; private set; }

    /// <summary>Takes a sample: ready messages by queue name, error queues included.</summary>
    public void Update(IReadOnlyDictionary<string, long> counts)
    {
        _counts = counts;
        Waiting = counts.Where(c => !c.Key.EndsWith(ErrorSuffix, StringComparison.Ordinal)).Sum(c => c.Value);
        WaitingSince = Waiting == 0 ? null : WaitingSince ?? _clock.GetUtcNow();
    }

    private IEnumerable<Measurement<long>> ErrorQueueMeasurements() =>
        _counts.Where(c => c.Key.EndsWith(ErrorSuffix, StringComparison.Ordinal))
            .Select(c => new Measurement<long>(c.Value, new KeyValuePair<string, object?>("queue", c.Key)));
}

/// <summary>The queues of this service's receive endpoints, as MassTransit reports them ready.</summary>
public sealed class ServiceQueues : IReceiveEndpointObserver
{
    private readonly ConcurrentDictionary<string, bool> _names = new();

    public IReadOnlyCollection<string> Names => [.. _names.Keys];

    public Task Ready(ReceiveEndpointReady ready)
    {
        // The bus's own temporary endpoint takes replies only; nothing faults into an error queue there.
        if (!ready.InputAddress.Query.Contains("temporary=true", StringComparison.OrdinalIgnoreCase))
        {
            _names.TryAdd(ready.InputAddress.AbsolutePath.Split('/').Last(), true);
        }

        return Task.CompletedTask;
    }

    public Task Stopping(ReceiveEndpointStopping stopping) => Task.CompletedTask;

    public Task Completed(ReceiveEndpointCompleted completed) => Task.CompletedTask;

    public Task Faulted(ReceiveEndpointFaulted faulted) => Task.CompletedTask;
}

/// <summary>
/// Counts the ready messages of each queue of the service and of its <c>_error</c> queue every
/// <c>Messaging:QueueSampleInterval</c> (15 s by default) with a passive queue declaration, which RabbitMQ answers
/// with the count: no management API needed. A queue not declared yet (an error queue before its first fault) counts 0.
/// </summary>
public sealed class QueueDepthSampler(
    ServiceQueues queues, QueueDepths depths, IConfiguration configuration, TimeProvider clock, ILogger<QueueDepthSampler> logger)
    : PeriodicSampler(clock, logger)
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(15);

    private IConnection? _connection;

    protected override TimeSpan Interval => configuration.GetValue("Messaging:QueueSampleInterval", DefaultInterval);

    protected override async Task SampleAsync(CancellationToken cancellationToken)
    {
        try
        {
            _connection ??= await new ConnectionFactory
            {
                Uri = new Uri(configuration.GetConnectionString(MessagingExtensions.ConnectionName)!),
                ClientProvidedName = "queue depths",
            }.CreateConnectionAsync(cancellationToken);
            depths.Update(await SampleAsync(_connection, queues.Names, cancellationToken));
        }
        catch
        {
            _connection?.Dispose();
            _connection = null;
            throw;
        }
    }

    public override void Dispose()
    {
        _connection?.Dispose();
        base.Dispose();
    }

    public static async Task<Dictionary<string, long>> SampleAsync(IConnection connection, IEnumerable<string> queueNames, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, long>();
        foreach (var name in queueNames.SelectMany(q => new[] { q, q + QueueDepths.ErrorSuffix }))
        {
            counts[name] = await CountAsync(connection, name, cancellationToken);
        }

        return counts;
    }

    /// <summary>A missing queue closes the channel it was asked on, so each count has its own.</summary>
    private static async Task<long> CountAsync(IConnection connection, string queue, CancellationToken cancellationToken)
    {
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        return await ReadyMessagesAsync(channel, queue, cancellationToken) ?? 0;
    }

    /// <summary>
    /// The ready messages of <paramref name="queue"/> (a passive declaration), or null when it does not exist, in
    /// which case RabbitMQ has closed <paramref name="channel"/>.
    /// </summary>
    public static async Task<uint?> ReadyMessagesAsync(IChannel channel, string queue, CancellationToken cancellationToken)
    {
        try
        {
            return (await channel.QueueDeclarePassiveAsync(queue, cancellationToken)).MessageCount;
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == Constants.NotFound)
        {
            return null;
        }
    }
}
