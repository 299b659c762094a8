using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Workteam.AppHost.Tests;

/// <summary>The admin JSON API through the gateway, as a script or Entra set-up would use it.</summary>
public sealed class AdminApi(HttpClient gateway)
{
    public const string Password = "correct horse battery staple";

    public sealed record SignedUpOrganization(Guid OrganizationId, string AdminEmail, string AccessToken);

    public sealed record GeneratedToken(Guid TokenId, string Token, string BaseUrl);

    public static string NewEmail(string who = "admin") => $"{who}-{Guid.NewGuid():N}@example.test";

    public async Task<SignedUpOrganization> SignUpAsync(CancellationToken cancellationToken)
    {
        var email = NewEmail();
        using var created = await gateway.PostAsJsonAsync("/api/organizations",
            new { name = "Contoso " + Guid.NewGuid().ToString("N")[..6], adminEmail = email, adminPassword = Password }, cancellationToken);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var organizationId = (await created.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("organizationId").GetGuid();
        return new SignedUpOrganization(organizationId, email, await SignInAsync(email, Password, cancellationToken));
    }

    public async Task<string> SignInAsync(string email, string password, CancellationToken cancellationToken)
    {
        using var response = await gateway.PostAsJsonAsync("/api/sessions", new { email, password }, cancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("accessToken").GetString()!;
    }

    public async Task<JsonElement> SetScimAsync(SignedUpOrganization organization, bool enabled, CancellationToken cancellationToken, string? notificationEmail = null)
    {
        using var response = await SendAsync(HttpMethod.Put, $"/api/organizations/{organization.OrganizationId}/scim", organization.AccessToken,
            new { enabled, notificationEmail }, cancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
    }

    public async Task<GeneratedToken> GenerateTokenAsync(SignedUpOrganization organization, CancellationToken cancellationToken, string? accessToken = null)
    {
        using var response = await SendAsync(HttpMethod.Post, $"/api/organizations/{organization.OrganizationId}/scim/tokens",
            accessToken ?? organization.AccessToken, null, cancellationToken);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<GeneratedToken>(cancellationToken))!;
    }

    /// <summary>An organization with provisioning enabled and one working SCIM token.</summary>
    public async Task<(SignedUpOrganization Organization, GeneratedToken Token)> ProvisioningReadyAsync(CancellationToken cancellationToken)
    {
        var organization = await SignUpAsync(cancellationToken);
        await SetScimAsync(organization, enabled: true, cancellationToken);
        return (organization, await GenerateTokenAsync(organization, cancellationToken));
    }

    public async Task<Guid> CreateAccountAsync(SignedUpOrganization organization, string email, string role, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Post, $"/api/organizations/{organization.OrganizationId}/accounts",
            organization.AccessToken, new { email, password = Password, role }, cancellationToken);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("accountId").GetGuid();
    }

    /// <summary>Every item of a keyset-paged admin list (<c>{"items", "next"}</c>), 200 a page.</summary>
    public async Task<List<JsonElement>> ListAllAsync(SignedUpOrganization organization, string path, CancellationToken cancellationToken) =>
        (await ListAllOrNullAsync(organization, path, cancellationToken))
        ?? throw new InvalidOperationException($"{path} answered 404.");

    /// <summary>As <see cref="ListAllAsync"/>, or null when the list is not there (a team deleted meanwhile).</summary>
    public async Task<List<JsonElement>?> ListAllOrNullAsync(SignedUpOrganization organization, string path, CancellationToken cancellationToken)
    {
        var items = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var separator = path.Contains('?', StringComparison.Ordinal) ? '&' : '?';
            using var response = await SendAsync(HttpMethod.Get,
                $"/api/organizations/{organization.OrganizationId}/{path}{separator}limit=200{(cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor))}",
                organization.AccessToken, null, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {text}");
            var page = JsonDocument.Parse(text).RootElement;
            items.AddRange(page.GetProperty("items").EnumerateArray().Select(item => item.Clone()));
            cursor = page.GetProperty("next").ValueKind == JsonValueKind.String ? page.GetProperty("next").GetString() : null;
        }
        while (cursor is not null);

        return items;
    }

    /// <summary>The organization's teams, each with its members.</summary>
    public async Task<List<(JsonElement Team, List<JsonElement> Members)>> TeamsWithMembersAsync(SignedUpOrganization organization, CancellationToken cancellationToken)
    {
        var teams = new List<(JsonElement, List<JsonElement>)>();
        foreach (var team in await ListAllAsync(organization, "teams", cancellationToken))
        {
            if (await ListAllOrNullAsync(organization, $"teams/{team.GetProperty("teamId").GetString()}/members", cancellationToken) is { } members)
            {
                teams.Add((team, members));
            }
        }

        return teams;
    }

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? accessToken, object? body, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(method, path);
        if (accessToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return gateway.SendAsync(request, cancellationToken);
    }
}
