using Microsoft.Extensions.Logging;
using Npgsql;

namespace Workteam.ServiceDefaults.Outbox;

/// <summary>
/// Wakes the relay when outbox rows are committed: a trigger on <c>outbox_messages</c> sends a notification on
/// the service's channel (<c>scim_outbox</c>, <c>directory_outbox</c>), which PostgreSQL delivers at commit to every
/// listening replica.
/// </summary>
public sealed class OutboxNotifications(string connectionString, string channel, ILogger logger) : IAsyncDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);
    private readonly CancellationTokenSource _stop = new();
    private Task? _listening;

    public void Start() => _listening = ListenAsync(_stop.Token);

    /// <summary>Waits for a notification, or until <paramref name="timeout"/> passes.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);

    private async Task ListenAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(cancellationToken);
                connection.Notification += (_, _) => Signal();
                await using (var listen = new NpgsqlCommand($"LISTEN {channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(cancellationToken);
                }

                // Rows committed while no one listened are found by the relay's next look.
                Signal();
                while (!cancellationToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Listening for outbox notifications failed; retrying");
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private void Signal()
    {
        if (_signal.CurrentCount == 0)
        {
            try
            {
                _signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another notification got there first; one wake-up is enough.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_listening is not null)
        {
            await _listening;
        }

        _stop.Dispose();
        _signal.Dispose();
    }
}
