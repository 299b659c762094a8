using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Workteam.Benchmarks.Load;

namespace Workteam.Benchmarks;

/// <summary>How long one admin request took: p50 and p95 of 50 timed runs after 5 untimed ones.</summary>
public sealed record RequestTiming(string Name, double P50, double P95, int Items);

/// <summary>
/// Times the GET requests an admin makes one after another, as one person paging: the API with the session as a
/// bearer token, the console pages with it as the session cookie.
/// </summary>
public sealed partial class AdminRequestTimer : IDisposable
{
    private const string SessionCookie = "__Host-workteam_session";
    private readonly HttpClient _http;

    public AdminRequestTimer(Uri gateway, string sessionToken)
    {
        _http = new HttpClient { BaseAddress = gateway };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", sessionToken);
        _http.DefaultRequestHeaders.Add("Cookie", $"{SessionCookie}={sessionToken}");
    }

    /// <summary>An API page's item count and its escaped <c>next</c> cursor.</summary>
    public async Task<(int Items, string? Next)> ApiPageAsync(string path)
    {
        using var page = JsonDocument.Parse(await GetAsync(path));
        var next = page.RootElement.GetProperty("next");
        return (page.RootElement.GetProperty("items").GetArrayLength(), next.ValueKind == JsonValueKind.String ? Uri.EscapeDataString(next.GetString()!) : null);
    }

    /// <summary>The cursor <paramref name="pages"/> API pages into the list at <paramref name="path"/>.</summary>
    public async Task<string> ApiCursorAsync(string path, int pages)
    {
        var separator = path.Contains('?') ? '&' : '?';
        var page = path;
        for (var i = 0; i < pages; i++)
        {
            var cursor = (await ApiPageAsync(page)).Next ?? throw new InvalidOperationException($"{path} has fewer than {pages + 1} pages");
            page = $"{path}{separator}cursor={cursor}";
        }

        return page;
    }

    /// <summary>The console page <paramref name="pages"/> "Next page" links on from <paramref name="path"/>.</summary>
    public async Task<string> ConsolePageAfterAsync(string path, int pages)
    {
        for (var i = 0; i < pages; i++)
        {
            var next = NextPageLink().Match(await GetAsync(path));
            path = next.Success ? System.Net.WebUtility.HtmlDecode(next.Groups[1].Value) : throw new InvalidOperationException($"{path} has no next page");
        }

        return path;
    }

    public Task<RequestTiming> TimeApiAsync(string name, string path) =>
        TimeAsync(name, path, body => JsonDocument.Parse(body).RootElement.GetProperty("items").GetArrayLength());

    /// <summary>A SCIM list response; its items are its <c>Resources</c>.</summary>
    public Task<RequestTiming> TimeScimListAsync(string name, string path) =>
        TimeAsync(name, path, body => JsonDocument.Parse(body).RootElement.TryGetProperty("Resources", out var resources) ? resources.GetArrayLength() : 0);

    /// <summary>A console page; its items are the rows of its table.</summary>
    public Task<RequestTiming> TimePageAsync(string name, string path) =>
        TimeAsync(name, path, body => Math.Max(0, TableRow().Count(body) - 1));

    private async Task<RequestTiming> TimeAsync(string name, string path, Func<string, int> items)
    {
        for (var i = 0; i < 5; i++)
        {
            await GetAsync(path);
        }

        var times = new List<double>();
        var count = 0;
        for (var i = 0; i < 50; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var body = await GetAsync(path);
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            count = items(body);
        }

        var sorted = times.Order().ToArray();
        return new RequestTiming(name, LoadRun.Percentile(sorted, 0.5), LoadRun.Percentile(sorted, 0.95), count);
    }

    public async Task<string> GetAsync(string path)
    {
        using var response = await _http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode ? body : throw new HttpRequestException($"GET {path}: {(int)response.StatusCode} {body[..Math.Min(body.Length, 300)]}");
    }

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("""<a href="([^"]+)">Next page</a>""")]
    private static partial Regex NextPageLink();

    [GeneratedRegex("<tr[ >]")]
    private static partial Regex TableRow();
}
