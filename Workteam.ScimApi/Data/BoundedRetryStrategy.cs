using System.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql.EntityFrameworkCore.PostgreSQL;

namespace Workteam.ScimApi.Data;

/// <summary>
/// Retries what Npgsql calls transient, pausing at most <see cref="LongestPause"/>, but starts no attempt after
/// <see cref="Budget"/>: a blip (a restart of a few seconds) stays hidden from Entra, and a longer outage is answered
/// 503 within about the budget plus one attempt (at most Npgsql's 15 s connect timeout), inside the gateway's 30 s.
/// The default strategy retries for about a minute, so Entra got the gateway's 504 instead.
/// </summary>
public sealed class BoundedRetryStrategy(ExecutionStrategyDependencies dependencies)
    : NpgsqlRetryingExecutionStrategy(dependencies, MaxRetries, LongestPause, errorCodesToAdd: null)
{
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(5);

    public static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(1);

    /// <summary>Enough that the budget, not the count, ends the retries.</summary>
    private const int MaxRetries = 20;

    private long _started;

    protected override void OnFirstExecution()
    {
        base.OnFirstExecution();
        _started = Stopwatch.GetTimestamp();
    }

    protected override TimeSpan? GetNextDelay(Exception lastException) =>
        base.GetNextDelay(lastException) is { } pause && Stopwatch.GetElapsedTime(_started) + pause < Budget ? pause : null;
}
