using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Workteam.AppHost.Tests;

/// <summary>The provisioning activity API as an admin's script reads it.</summary>
public sealed class ActivityLogApi(AdminApi admin, AdminApi.SignedUpOrganization organization)
{
    public sealed record Page(IReadOnlyList<JsonElement> Items, string? Next);

    public async Task<Page> PageAsync(string query, CancellationToken cancellationToken, string? accessToken = null)
    {
        using var response = await admin.SendAsync(HttpMethod.Get, $"/api/organizations/{organization.OrganizationId}/provisioning/activity{query}",
            accessToken ?? organization.AccessToken, null, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {text}");
        var body = JsonDocument.Parse(text).RootElement;
        var next = body.GetProperty("next");
        return new Page([.. body.GetProperty("items").EnumerateArray().Select(i => i.Clone())], next.ValueKind == JsonValueKind.Null ? null : next.GetString());
    }

    /// <summary>Waits for the row of the resource with <paramref name="operation"/> to reach an outcome other than Pending.</summary>
    public async Task<JsonElement> RowAsync(string scimId, string operation, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        JsonElement? found = null;
        await Wait.UntilAsync(async () =>
        {
            var page = await PageAsync($"?q={scimId}&limit=200", cancellationToken);
            found = page.Items.FirstOrDefault(i => i.GetProperty("operation").GetString() == operation && i.GetProperty("outcome").GetString() != "Pending") is { ValueKind: JsonValueKind.Object } item ? item : null;
            return found is not null;
        }, $"the activity shows {operation} of {scimId}", timeout ?? TimeSpan.FromSeconds(30), cancellationToken);
        return found!.Value;
    }

    public async Task<JsonElement> StatusAsync(CancellationToken cancellationToken)
    {
        using var response = await admin.SendAsync(HttpMethod.Get, $"/api/organizations/{organization.OrganizationId}/provisioning/status",
            organization.AccessToken, null, cancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
    }
}
