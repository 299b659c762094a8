using System.Net.Http.Json;
using System.Text.Json;

namespace Workteam.AppHost.Tests;

/// <summary>Reads the mails smtp4dev received through its JSON API.</summary>
public static class Mailbox
{
    public static async Task<JsonElement> WaitForSubjectAsync(HttpClient smtp4dev, string subject, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var page = await smtp4dev.GetFromJsonAsync<JsonElement>("/api/messages?pageSize=500", cancellationToken);
            foreach (var message in page.GetProperty("results").EnumerateArray())
            {
                if (message.GetProperty("subject").GetString() == subject)
                {
                    return message;
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No mail with subject '{subject}' arrived within {timeout}.");
            }

            await Task.Delay(250, cancellationToken);
        }
    }

    /// <summary>The mails addressed to <paramref name="recipient"/> so far.</summary>
    public static async Task<List<JsonElement>> ToAsync(HttpClient smtp4dev, string recipient, CancellationToken cancellationToken)
    {
        var page = await smtp4dev.GetFromJsonAsync<JsonElement>("/api/messages?pageSize=500", cancellationToken);
        return page.GetProperty("results").EnumerateArray()
            .Where(m => m.GetProperty("to").EnumerateArray().Any(t => string.Equals(t.GetString(), recipient, StringComparison.OrdinalIgnoreCase)))
            .ToList();
    }

    public static async Task<JsonElement> WaitForRecipientAsync(HttpClient smtp4dev, string recipient, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if ((await ToAsync(smtp4dev, recipient, cancellationToken)).FirstOrDefault() is { ValueKind: JsonValueKind.Object } message)
            {
                return message;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No mail to '{recipient}' arrived within {timeout}.");
            }

            await Task.Delay(250, cancellationToken);
        }
    }

    public static Task<string> PlainTextAsync(HttpClient smtp4dev, JsonElement message, CancellationToken cancellationToken) =>
        smtp4dev.GetStringAsync($"/api/messages/{message.GetProperty("id").GetString()}/plaintext", cancellationToken);
}
