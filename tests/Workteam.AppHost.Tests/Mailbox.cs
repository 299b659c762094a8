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

    /// <summary>The summaries of every mail addressed to <paramref name="recipient"/>, oldest first.</summary>
    public static async Task<List<JsonElement>> MessagesToAsync(HttpClient smtp4dev, string recipient, CancellationToken cancellationToken)
    {
        var page = await smtp4dev.GetFromJsonAsync<JsonElement>("/api/messages?pageSize=500", cancellationToken);
        return page.GetProperty("results").EnumerateArray()
            .Where(m => m.GetProperty("to").EnumerateArray().Any(t => string.Equals(t.GetString(), recipient, StringComparison.OrdinalIgnoreCase)))
            .OrderBy(m => m.GetProperty("receivedDate").GetDateTimeOffset())
            .ToList();
    }

    public static async Task<JsonElement> WaitForRecipientAsync(HttpClient smtp4dev, string recipient, TimeSpan timeout, CancellationToken cancellationToken) =>
        (await WaitForMessagesToAsync(smtp4dev, recipient, 1, timeout, cancellationToken))[0];

    /// <summary>Waits until at least <paramref name="count"/> mails to <paramref name="recipient"/> arrived and returns them all.</summary>
    public static async Task<List<JsonElement>> WaitForMessagesToAsync(
        HttpClient smtp4dev, string recipient, int count, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var messages = await MessagesToAsync(smtp4dev, recipient, cancellationToken);
            if (messages.Count >= count)
            {
                return messages;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{messages.Count} of {count} mails to {recipient} arrived within {timeout}.");
            }

            await Task.Delay(250, cancellationToken);
        }
    }

    public static Task<string> PlainTextAsync(HttpClient smtp4dev, JsonElement message, CancellationToken cancellationToken) =>
        smtp4dev.GetStringAsync($"/api/messages/{message.GetProperty("id").GetString()}/plaintext", cancellationToken);

    public static Task<string> HtmlAsync(HttpClient smtp4dev, JsonElement message, CancellationToken cancellationToken) =>
        smtp4dev.GetStringAsync($"/api/messages/{message.GetProperty("id").GetString()}/html", cancellationToken);

    /// <summary>The raw message as the SMTP server received it (headers and MIME parts).</summary>
    public static Task<string> RawAsync(HttpClient smtp4dev, JsonElement message, CancellationToken cancellationToken) =>
        smtp4dev.GetStringAsync($"/api/messages/{message.GetProperty("id").GetString()}/raw", cancellationToken);
}
