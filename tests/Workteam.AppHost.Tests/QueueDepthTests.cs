using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Hosting;
using RabbitMQ.Client;

namespace Workteam.AppHost.Tests;

/// <summary>The error-queue gauge's counts come from RabbitMQ itself, without its management API.</summary>
[Collection(SharedAppHostCollection.Name)]
public sealed class QueueDepthTests(SharedAppHost shared)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_messages_in_a_queue_and_its_error_queue_are_counted_and_a_queue_not_declared_yet_counts_none()
    {
        var factory = new ConnectionFactory { Uri = new Uri(await shared.Host.ConnectionStringAsync("messaging")) };
        await using var connection = await factory.CreateConnectionAsync(Cancel);
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(true, true), Cancel);
        var queue = $"queue-depth-test-{Guid.NewGuid():N}";
        var errors = queue + QueueDepths.ErrorSuffix;
        await channel.QueueDeclareAsync(errors, durable: false, exclusive: false, autoDelete: false, cancellationToken: Cancel);
        try
        {
            for (var i = 0; i < 2; i++)
            {
                await channel.BasicPublishAsync("", errors, "failed"u8.ToArray(), Cancel);
            }

            var counts = await QueueDepthSampler.SampleAsync(connection, [queue], Cancel);

            Assert.Equal(new Dictionary<string, long> { [queue] = 0, [errors] = 2 }, counts);
            await using var meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
            var depths = new QueueDepths(meters.GetRequiredService<IMeterFactory>(), "Workteam.Directory", TimeProvider.System);
            using var gauge = new MetricCollector<long>(meters.GetRequiredService<IMeterFactory>(), "Workteam.Directory", "workteam.messaging.error_queue.messages");
            depths.Update(counts);
            gauge.RecordObservableInstruments();
            var measured = Assert.Single(gauge.GetMeasurementSnapshot());
            Assert.Equal((2L, errors), (measured.Value, (string)measured.Tags["queue"]!));
            Assert.Equal(0, depths.Waiting);
        }
        finally
        {
            await channel.QueueDeleteAsync(errors, cancellationToken: Cancel);
        }
    }
}
