using System.Text;
using RabbitMQ.Client;

namespace Workteam.AppHost.Tests;

/// <summary>
/// A queue of the test's own bound to the exchange every <c>SendEmail</c> is published to, with no consumer: it holds
/// a copy of each email command published while it exists. A publish is confirmed only once the broker has routed
/// the message, so whatever a service published before an event the test observed is already in it.
/// </summary>
public sealed class PublishedEmails : IAsyncDisposable
{
    private const string Exchange = "Workteam.Contracts:SendEmail";
    private readonly IConnection _connection;
    private readonly IChannel _channel;
    private readonly string _queue = $"published-emails-test-{Guid.NewGuid():N}";

    private PublishedEmails(IConnection connection, IChannel channel)
    {
        _connection = connection;
        _channel = channel;
    }

    public static async Task<PublishedEmails> StartAsync(RunningAppHost host, CancellationToken cancellationToken)
    {
        var factory = new ConnectionFactory { Uri = new Uri(await host.ConnectionStringAsync("messaging")) };
        var connection = await factory.CreateConnectionAsync(cancellationToken);
        var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        var emails = new PublishedEmails(connection, channel);
        await channel.QueueDeclareAsync(emails._queue, durable: false, exclusive: true, autoDelete: true, cancellationToken: cancellationToken);
        await channel.QueueBindAsync(emails._queue, Exchange, routingKey: "", cancellationToken: cancellationToken);
        return emails;
    }

    /// <summary>Takes every copy held so far and counts those addressed to <paramref name="recipient"/>.</summary>
    public async Task<int> TakeCountToAsync(string recipient, CancellationToken cancellationToken)
    {
        var count = 0;
        while (await _channel.BasicGetAsync(_queue, autoAck: true, cancellationToken) is { } message)
        {
            count += Encoding.UTF8.GetString(message.Body.Span).Contains($"\"{recipient}\"", StringComparison.OrdinalIgnoreCase) ? 1 : 0;
        }

        return count;
    }

    public async ValueTask DisposeAsync()
    {
        await _channel.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
