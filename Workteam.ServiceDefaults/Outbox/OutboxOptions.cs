namespace Workteam.ServiceDefaults.Outbox;

/// <summary>How the outbox relay publishes (section <c>Outbox</c>).</summary>
public sealed class OutboxOptions
{
    public const string SectionName = "Outbox";

    public int BatchSize { get; set; } = 100;

    /// <summary>The safety net: the relay also looks for rows this often when no notification arrives.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long one batch may wait for RabbitMQ's publisher confirms before it is retried.</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The longest wait between attempts while RabbitMQ is away. Short, because the events waiting include
    /// deactivations: after an outage they should reach Directory seconds after RabbitMQ returns, not half a
    /// minute later, and an attempt against a broker that is down costs next to nothing.
    /// </summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Sent rows are kept this long (for investigation), then deleted.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often the unpublished rows are counted for the metrics and the health check.</summary>
    public TimeSpan BacklogSampleInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The service reports itself Degraded while the oldest unpublished row is older than this.</summary>
    public TimeSpan DegradedAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Whether each outbox row stores its SCIM request's traceparent, so that the relay publishes it in that trace
    /// and the consumers continue it (decision 0020). Read per request: it can be switched through the runtime
    /// settings file without a restart.
    /// </summary>
    public bool CarryTraceContext { get; set; } = true;
}
