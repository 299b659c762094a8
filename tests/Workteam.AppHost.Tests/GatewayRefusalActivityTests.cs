using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Npgsql;

namespace Workteam.AppHost.Tests;

/// <summary>
/// Each SCIM request the gateway refuses for an organization becomes a Refused row of its provisioning activity,
/// with the status and the reason the client got, and a reported failure for its digest; a successful write moves
/// the organization's last SCIM write time.
/// </summary>
[Collection(SharedAppHostCollection.Name)]
public sealed class GatewayRefusalActivityTests(SharedAppHost shared)
{
    // The 5 s within which a token change takes effect at the gateway (credentials refreshed every 2 s; the rest is margin).
    private static readonly TimeSpan PropagationLimit = TimeSpan.FromSeconds(5);
    private readonly HttpClient _gateway = shared.Host.CreateGatewayClient();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_revoked_token_is_refused_with_when_and_by_whom_and_the_refusal_is_recorded_and_reported()
    {
        var admin = new AdminApi(_gateway);
        var (organization, token) = await admin.ProvisioningReadyAsync(Cancel);
        await Scim.WaitForStatusAsync(_gateway, Scim.TestConnectionUsersPath(token.BaseUrl), $"Bearer {token.Token}", HttpStatusCode.OK, PropagationLimit, Cancel);
        using (var revoked = await admin.SendAsync(HttpMethod.Delete, $"/api/organizations/{organization.OrganizationId}/scim/tokens/{token.TokenId}",
            organization.AccessToken, null, Cancel))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        }

        await Scim.WaitForStatusAsync(_gateway, Scim.TestConnectionUsersPath(token.BaseUrl), $"Bearer {token.Token}", HttpStatusCode.Unauthorized, PropagationLimit, Cancel);
        var user = Guid.NewGuid();
        var refused = await new ScimClient(_gateway, token.BaseUrl, token.Token).PatchAsync($"/Users/{user}",
            """{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","path":"active","value":"False"}]}""", Cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);
        var reason = refused.Body.GetProperty("detail").GetString()!;
        Assert.Matches($"^This token was revoked on \\d{{4}}-\\d{{2}}-\\d{{2}} at \\d{{2}}:\\d{{2}} UTC by {Regex.Escape(organization.AdminEmail)}\\.$", reason);
        var row = Assert.Single(await ActivityTable.WaitForAsync(shared.Host, organization.OrganizationId, r => r.Operation == "Update user" && r.ScimId == user, 1, Cancel));
        Assert.Equal(("User", user, 401, reason, "Refused", "Gateway"), (row.ResourceType, row.ScimId, row.Status, row.Detail, row.Outcome, row.Source));
        await Wait.UntilAsync(async () => (await ReceivedFailuresAsync(organization.OrganizationId)).Contains(row.Id),
            "Notifier received the refusal for the failure digest", TimeSpan.FromSeconds(30), Cancel);
    }

    [Fact]
    public async Task The_token_of_a_demoted_admin_is_refused_naming_the_admin_and_the_refusal_is_recorded()
    {
        var admin = new AdminApi(_gateway);
        var organization = await admin.SignUpAsync(Cancel);
        await admin.SetScimAsync(organization, enabled: true, Cancel);
        var issuerEmail = AdminApi.NewEmail("issuer");
        var issuerId = await admin.CreateAccountAsync(organization, issuerEmail, "Admin", Cancel);
        var token = await admin.GenerateTokenAsync(organization, Cancel, await admin.SignInAsync(issuerEmail, AdminApi.Password, Cancel));
        var url = Scim.TestConnectionUsersPath(token.BaseUrl);
        await Scim.WaitForStatusAsync(_gateway, url, $"Bearer {token.Token}", HttpStatusCode.OK, PropagationLimit, Cancel);
        using (var demoted = await admin.SendAsync(HttpMethod.Patch, $"/api/organizations/{organization.OrganizationId}/accounts/{issuerId}",
            organization.AccessToken, JsonDocument.Parse("""{"role":"Member"}""").RootElement, Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, demoted.StatusCode);
        }

        await Scim.WaitForStatusAsync(_gateway, url, $"Bearer {token.Token}", HttpStatusCode.Unauthorized, PropagationLimit, Cancel);

        var expected = $"This token stopped working: {issuerEmail}, who generated it, is no longer an admin.";
        var row = Assert.Single(await ActivityTable.WaitForAsync(shared.Host, organization.OrganizationId, r => r.Operation == "GET /Users", 1, Cancel));
        Assert.Equal(("User", (Guid?)null, 401, expected, "Refused"), (row.ResourceType, row.ScimId, row.Status, row.Detail, row.Outcome));
    }

    [Fact]
    public async Task An_unknown_token_is_refused_as_unknown_and_the_refusal_is_recorded()
    {
        var (organization, token) = await new AdminApi(_gateway).ProvisioningReadyAsync(Cancel);
        await Scim.WaitForStatusAsync(_gateway, Scim.TestConnectionUsersPath(token.BaseUrl), $"Bearer {token.Token}", HttpStatusCode.OK, PropagationLimit, Cancel);

        var refused = await new ScimClient(_gateway, token.BaseUrl, "wtscim_never-issued").PostAsync("/Groups", """{"displayName":"Sales"}""", Cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);
        var reason = refused.Body.GetProperty("detail").GetString();
        Assert.StartsWith("The bearer token is not a token of this organization.", reason);
        var row = Assert.Single(await ActivityTable.WaitForAsync(shared.Host, organization.OrganizationId, r => r.Operation == "Create group", 1, Cancel));
        Assert.Equal(("Group", (Guid?)null, 401, reason, "Refused"), (row.ResourceType, row.ScimId, row.Status, row.Detail, row.Outcome));
    }

    [Fact]
    public async Task An_oversized_body_is_refused_and_the_refusal_is_recorded()
    {
        var (organization, token) = await new AdminApi(_gateway).ProvisioningReadyAsync(Cancel);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{token.BaseUrl}/Users")
        {
            Content = new StringContent($"{{\"userName\":\"{new string('x', 2 * 1024 * 1024)}\"}}", Encoding.UTF8, "application/scim+json"),
        };
        request.Headers.Authorization = Scim.Bearer(token.Token);

        using var response = await _gateway.SendAsync(request, Cancel);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var row = Assert.Single(await ActivityTable.WaitForAsync(shared.Host, organization.OrganizationId, r => r.Operation == "Create user", 1, Cancel));
        Assert.Equal((413, "The request body is larger than 1048576 bytes.", "Refused"), (row.Status, row.Detail, row.Outcome));
    }

    [Fact]
    public async Task A_successful_write_moves_the_organizations_last_scim_write_time_forward()
    {
        var (organization, token) = await new AdminApi(_gateway).ProvisioningReadyAsync(Cancel);
        var scim = new ScimClient(_gateway, token.BaseUrl, token.Token);
        await Scim.WaitForStatusAsync(_gateway, Scim.TestConnectionUsersPath(token.BaseUrl), $"Bearer {token.Token}", HttpStatusCode.OK, PropagationLimit, Cancel);
        Assert.Null(await LastScimWriteAtAsync(organization.OrganizationId));

        var before = DateTimeOffset.UtcNow;
        var userName = $"writer-{Guid.NewGuid():N}@contoso.test";
        var user = await scim.CreateUserAsync(Cancel, userName);
        DateTimeOffset? first = null;
        await Wait.UntilAsync(async () => (first = await LastScimWriteAtAsync(organization.OrganizationId)) is not null,
            "the first write is reported", TimeSpan.FromSeconds(15), Cancel);
        Assert.InRange(first!.Value, before - TimeSpan.FromSeconds(1), DateTimeOffset.UtcNow);

        // A refused write and a read leave it; the next successful write moves it.
        Assert.Equal(HttpStatusCode.Conflict, (await scim.PostAsync("/Users", $$"""{"userName":"{{userName}}"}""", Cancel)).Status);
        Assert.Equal(HttpStatusCode.OK, (await scim.PatchAsync($"/Users/{user}", """{"Operations":[{"op":"Replace","path":"displayName","value":"Moved"}]}""", Cancel)).Status);
        await Wait.UntilAsync(async () => await LastScimWriteAtAsync(organization.OrganizationId) > first,
            "the second write is reported", TimeSpan.FromSeconds(15), Cancel);
    }

    private async Task<DateTimeOffset?> LastScimWriteAtAsync(Guid organizationId)
    {
        await using var connection = new NpgsqlConnection(await shared.Host.ConnectionStringAsync("directorydb"));
        await connection.OpenAsync(Cancel);
        await using var command = new NpgsqlCommand("SELECT last_scim_write_at FROM organizations WHERE id = @id", connection);
        command.Parameters.AddWithValue("id", organizationId);
        return await command.ExecuteScalarAsync(Cancel) is DateTime at ? new DateTimeOffset(at, TimeSpan.Zero) : null;
    }

    private async Task<List<Guid>> ReceivedFailuresAsync(Guid organizationId)
    {
        await using var connection = new NpgsqlConnection(await shared.Host.ConnectionStringAsync("notifierdb"));
        await connection.OpenAsync(Cancel);
        await using var command = new NpgsqlCommand("SELECT message_id FROM received_failures WHERE organization_id = @id", connection);
        command.Parameters.AddWithValue("id", organizationId);
        await using var reader = await command.ExecuteReaderAsync(Cancel);
        var ids = new List<Guid>();
        while (await reader.ReadAsync(Cancel))
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }
}
