using System.Threading.Channels;

namespace Workteam.Directory.Accounts;

/// <summary>
/// Password-reset requests waiting to be looked up and mailed. The API and the page only hand the email to this
/// in-memory queue and answer at once, so the answer takes the same time whether the email is unknown, gets a mail, is
/// over its limit or belongs to a suspended member: no timing tells them apart. <see cref="PasswordResetMailer"/> does
/// the lookups and mails. A request still queued when Directory stops is lost (the person asks again), and so is one
/// that finds the queue full during a flood.
/// </summary>
public sealed class PasswordResetRequests
{
    private const int Capacity = 1000;

    private readonly Channel<string> _queue = Channel.CreateBounded<string>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    public void Enqueue(string email) => _queue.Writer.TryWrite(email);

    public IAsyncEnumerable<string> ReadAllAsync(CancellationToken cancellationToken) => _queue.Reader.ReadAllAsync(cancellationToken);
}

/// <summary>Mails the queued password-reset requests, one at a time.</summary>
public sealed class PasswordResetMailer(PasswordResetRequests requests, IServiceScopeFactory scopes, ILogger<PasswordResetMailer> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var email in requests.ReadAllAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<PasswordResetService>().RequestAsync(email, stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // The email is personal data: it stays out of the log.
                logger.LogWarning(e, "A password-reset request could not be handled.");
            }
        }
    }
}
