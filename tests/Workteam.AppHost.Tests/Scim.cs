using System.Net;
using System.Net.Http.Headers;

namespace Workteam.AppHost.Tests;

/// <summary>SCIM requests through the gateway, the way Entra sends them.</summary>
public static class Scim
{
    public static string TestConnectionUsersPath(string baseUrl) =>
        $"{baseUrl}/Users?filter={Uri.EscapeDataString($"userName eq \"{Guid.NewGuid()}\"")}";

    public static string TestConnectionGroupsPath(string baseUrl) =>
        $"{baseUrl}/Groups?excludedAttributes=members&filter={Uri.EscapeDataString("displayName eq \"Sales\"")}";

    public static async Task<HttpResponseMessage> GetAsync(HttpClient gateway, string url, string? authorization, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return await gateway.SendAsync(request, cancellationToken);
    }

    /// <summary>Repeats a request until it answers <paramref name="expected"/>; returns how long that took.</summary>
    public static async Task<TimeSpan> WaitForStatusAsync(HttpClient gateway, string url, string authorization, HttpStatusCode expected, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = DateTime.UtcNow;
        while (true)
        {
            using var response = await GetAsync(gateway, url, authorization, cancellationToken);
            if (response.StatusCode == expected)
            {
                return DateTime.UtcNow - started;
            }

            if (DateTime.UtcNow - started > timeout)
            {
                throw new TimeoutException($"{url} still answered {response.StatusCode} after {timeout}, not {expected}.");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    public static AuthenticationHeaderValue Bearer(string token) => new("Bearer", token);
}
