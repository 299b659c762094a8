using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Workteam.LoadTest;

/// <summary>An organization set up for provisioning, and its admin's session for the admin API.</summary>
public sealed record ProvisionedOrganization(int Number, Guid Id, string AdminEmail, string AdminAccessToken, string ScimToken);

/// <summary>The gateway's admin API, as an admin sets up Entra provisioning and as the checks read Directory.</summary>
public sealed class AdminApi(HttpClient http, Uri gateway)
{
    private const string AdminPassword = "load test admin passphrase";

    /// <summary>Signs up an organization, signs in, enables provisioning and generates a SCIM token.</summary>
    public async Task<ProvisionedOrganization> SetUpAsync(int number, string domain, string runTag, bool invitationsEnabled, CancellationToken cancellationToken)
    {
        var adminEmail = $"it-admin@{domain}";
        var created = await SendAsync(HttpMethod.Post, "/api/organizations", null,
            new { name = $"Load test {runTag} #{number}", adminEmail, adminPassword = AdminPassword }, cancellationToken);
        var organizationId = created.GetProperty("organizationId").GetGuid();
        var session = await SendAsync(HttpMethod.Post, "/api/sessions", null, new { email = adminEmail, password = AdminPassword }, cancellationToken);
        var accessToken = session.GetProperty("accessToken").GetString()!;
        await SendAsync(HttpMethod.Put, $"/api/organizations/{organizationId}/scim", accessToken,
            new { enabled = true, notificationEmail = $"provisioning-alerts@{domain}", invitationsEnabled }, cancellationToken);
        var token = await SendAsync(HttpMethod.Post, $"/api/organizations/{organizationId}/scim/tokens", accessToken, null, cancellationToken);
        return new ProvisionedOrganization(number, organizationId, adminEmail, accessToken, token.GetProperty("token").GetString()!);
    }

    /// <summary>Every item of a keyset-paged list (<c>{"items", "next"}</c>), reading 200 at a time.</summary>
    public async Task<List<JsonElement>> GetAllAsync(string path, string accessToken, CancellationToken cancellationToken)
    {
        var items = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var separator = path.Contains('?', StringComparison.Ordinal) ? '&' : '?';
            var page = await GetAsync($"{path}{separator}limit=200{(cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor))}", accessToken, cancellationToken);
            items.AddRange(page.GetProperty("items").EnumerateArray().Select(item => item.Clone()));
            cursor = page.GetProperty("next").ValueKind == JsonValueKind.String ? page.GetProperty("next").GetString() : null;
        }
        while (cursor is not null);

        return items;
    }

    public async Task<JsonElement> GetAsync(string path, string accessToken, CancellationToken cancellationToken) =>
        await SendAsync(HttpMethod.Get, path, accessToken, null, cancellationToken);

    private async Task<JsonElement> SendAsync(HttpMethod method, string path, string? accessToken, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(gateway, path));
        if (accessToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new AdminApiException($"{method} {path} answered {(int)response.StatusCode}: {text}");
        }

        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}

public sealed class AdminApiException(string message) : Exception(message);
