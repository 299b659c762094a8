using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Aspire.Hosting.Testing;

namespace Workteam.AppHost.Tests;

/// <summary>RabbitMQ's queues as its management API lists them.</summary>
public static class BrokerQueues
{
    /// <summary>Every queue, with its counters (<c>name</c>, <c>messages</c>, <c>consumers</c>, <c>message_stats</c>, …).</summary>
    public static async Task<List<JsonElement>> ListAsync(RunningAppHost host, CancellationToken cancellationToken)
    {
        var broker = new Uri(await host.ConnectionStringAsync("messaging"));
        using var management = new HttpClient { BaseAddress = host.App.GetEndpoint("messaging", "management") };
        management.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(broker.UserInfo))));
        using var queues = JsonDocument.Parse(await management.GetStringAsync("/api/queues", cancellationToken));
        return [.. queues.RootElement.EnumerateArray().Select(queue => queue.Clone())];
    }

    /// <summary>The <c>_error</c> queues holding messages.</summary>
    public static async Task<List<string>> ErrorQueuesWithMessagesAsync(RunningAppHost host, CancellationToken cancellationToken) =>
        [.. (await ListAsync(host, cancellationToken))
            .Where(q => q.GetProperty("name").GetString()!.EndsWith("_error", StringComparison.Ordinal)
                && q.TryGetProperty("messages", out var messages) && messages.GetInt64() > 0)
            .Select(q => q.GetProperty("name").GetString()!)];
}
