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
}
