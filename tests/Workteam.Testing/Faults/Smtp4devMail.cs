using System.Net.Http.Json;
using System.Text.Json;

namespace Workteam.Testing.Faults;

/// <summary>A mail smtp4dev received: its recipients and subject.</summary>
public sealed record ReceivedMail(IReadOnlyList<string> To, string Subject);

/// <summary>Every mail smtp4dev holds, read page by page through its JSON API.</summary>
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
                [.. m.GetProperty("to").EnumerateArray().Select(t => t.GetString()!.ToLowerInvariant())],
                m.GetProperty("subject").GetString() ?? "")));
            if (results.Count < PageSize)
            {
                return mails;
            }
        }
    }
}
