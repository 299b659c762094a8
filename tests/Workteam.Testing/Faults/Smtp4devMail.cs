using System.Net.Http.Json;
using System.Text.Json;

namespace Workteam.Testing.Faults;

/// <summary>A mail smtp4dev received: smtp4dev's id for it, its recipients and subject.</summary>
public sealed record ReceivedMail(string Id, IReadOnlyList<string> To, string Subject);

/// <summary>Every mail smtp4dev holds, read page by page through its JSON API, each once.</summary>
public static class Smtp4devMail
{
    private const int PageSize = 500;

    public static async Task<List<ReceivedMail>> AllAsync(HttpClient smtp4dev, CancellationToken cancellationToken)
    {
        var mails = new List<ReceivedMail>();
        for (var page = 1; ; page++)
        {
            var body = await smtp4dev.GetFromJsonAsync<JsonElement>($"/api/messages?page={page}&pageSize={PageSize}", cancellationToken);
            var results = body.GetProperty("results").EnumerateArray().ToList();
            mails.AddRange(results.Select(m => new ReceivedMail(
                m.GetProperty("id").GetString()!,
                [.. m.GetProperty("to").EnumerateArray().Select(t => t.GetString()!.ToLowerInvariant())],
                m.GetProperty("subject").GetString() ?? "")));
            if (results.Count < PageSize)
            {
                // A mail arriving between two pages shifts the newest-first list by one: the mail at the edge comes twice.
                return [.. mails.DistinctBy(m => m.Id)];
            }
        }
    }

    /// <summary>The mail's Message-ID header, from its raw source (Notifier sets it to the email's message id).</summary>
    public static async Task<string> MessageIdAsync(HttpClient smtp4dev, ReceivedMail mail, CancellationToken cancellationToken)
    {
        var raw = await smtp4dev.GetStringAsync($"/api/messages/{mail.Id}/raw", cancellationToken);
        var header = raw.Split("\r\n\r\n", 2)[0].Replace("\r\n ", " ", StringComparison.Ordinal).Replace("\r\n\t", " ", StringComparison.Ordinal);
        return header.Split("\r\n").Select(line => line.Split(':', 2)).Where(parts => parts.Length == 2)
            .Where(parts => parts[0].Equals("Message-ID", StringComparison.OrdinalIgnoreCase))
            .Select(parts => parts[1].Trim()).FirstOrDefault() ?? throw new InvalidOperationException($"Mail {mail.Id} has no Message-ID");
    }
}
