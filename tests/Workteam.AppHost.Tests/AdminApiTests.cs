using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace Workteam.AppHost.Tests;

[Collection(SharedAppHostCollection.Name)]
public sealed class AdminApiTests(SharedAppHost shared)
{
    private readonly HttpClient _gateway = shared.Host.CreateGatewayClient();
    private CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Settings_show_the_base_url_and_token_list_but_never_a_token_value()
    {
        var admin = new AdminApi(_gateway);
        var organization = await admin.SignUpAsync(CancellationToken);
        var enabled = await admin.SetScimAsync(organization, enabled: true, CancellationToken, notificationEmail: "it-alerts@example.test");
        var token = await admin.GenerateTokenAsync(organization, CancellationToken);

        var expectedBaseUrl = $"{_gateway.BaseAddress!.ToString().TrimEnd('/')}/scim/v2/{organization.OrganizationId}";
        Assert.Equal(expectedBaseUrl, enabled.GetProperty("baseUrl").GetString());
        Assert.Equal(expectedBaseUrl, token.BaseUrl);
        Assert.StartsWith("wtscim_", token.Token);
        Assert.True(token.Token.Length >= "wtscim_".Length + 43, "at least 256 random bits");

        using var response = await admin.SendAsync(HttpMethod.Get, $"/api/organizations/{organization.OrganizationId}/scim", organization.AccessToken, null, CancellationToken);
        var body = await response.Content.ReadAsStringAsync(CancellationToken);
        var settings = JsonDocument.Parse(body).RootElement;
        Assert.True(settings.GetProperty("enabled").GetBoolean());
        Assert.Equal("it-alerts@example.test", settings.GetProperty("notificationEmail").GetString());
        var listed = settings.GetProperty("tokens").EnumerateArray().Single();
        Assert.Equal(token.TokenId, listed.GetProperty("tokenId").GetGuid());
        Assert.StartsWith(listed.GetProperty("prefix").GetString()!, token.Token);
        Assert.Equal(organization.AdminEmail, listed.GetProperty("createdBy").GetString());
        Assert.DoesNotContain(token.Token, body);
        Assert.DoesNotContain(token.Token[20..], body);
    }

    [Fact]
    public async Task A_signed_out_session_no_longer_opens_api_me()
    {
        var admin = new AdminApi(_gateway);
        var organization = await admin.SignUpAsync(CancellationToken);
        using var me = await admin.SendAsync(HttpMethod.Get, "/api/me", organization.AccessToken, null, CancellationToken);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Equal(organization.OrganizationId, (await me.Content.ReadFromJsonAsync<JsonElement>(CancellationToken)).GetProperty("organizationId").GetGuid());

        using var signOut = await admin.SendAsync(HttpMethod.Delete, "/api/sessions/current", organization.AccessToken, null, CancellationToken);
        Assert.Equal(HttpStatusCode.NoContent, signOut.StatusCode);

        using var after = await admin.SendAsync(HttpMethod.Get, "/api/me", organization.AccessToken, null, CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task Last_used_is_recorded_after_entra_uses_a_token()
    {
        var admin = new AdminApi(_gateway);
        var (organization, token) = await admin.ProvisioningReadyAsync(CancellationToken);
        await Scim.WaitForStatusAsync(_gateway, Scim.TestConnectionUsersPath(token.BaseUrl), $"Bearer {token.Token}", HttpStatusCode.OK, TimeSpan.FromSeconds(5), CancellationToken);

        var deadline = DateTime.UtcNow.AddSeconds(15);
        JsonElement listed;
        do
        {
            await Task.Delay(500, CancellationToken);
            using var response = await admin.SendAsync(HttpMethod.Get, $"/api/organizations/{organization.OrganizationId}/scim", organization.AccessToken, null, CancellationToken);
            listed = (await response.Content.ReadFromJsonAsync<JsonElement>(CancellationToken)).GetProperty("tokens")[0];
        }
        while (listed.GetProperty("lastUsedAt").ValueKind == JsonValueKind.Null && DateTime.UtcNow < deadline);

        Assert.NotEqual(JsonValueKind.Null, listed.GetProperty("lastUsedAt").ValueKind);
    }

    [Fact]
    public async Task Members_and_admins_of_other_organizations_get_403_on_provisioning_settings()
    {
        var admin = new AdminApi(_gateway);
        var organization = await admin.SignUpAsync(CancellationToken);
        var other = await admin.SignUpAsync(CancellationToken);
        var memberEmail = AdminApi.NewEmail("member");
        await admin.CreateAccountAsync(organization, memberEmail, "Member", CancellationToken);
        var memberSession = await admin.SignInAsync(memberEmail, AdminApi.Password, CancellationToken);

        foreach (var accessToken in new[] { memberSession, other.AccessToken })
        {
            using var read = await admin.SendAsync(HttpMethod.Get, $"/api/organizations/{organization.OrganizationId}/scim", accessToken, null, CancellationToken);
            using var generate = await admin.SendAsync(HttpMethod.Post, $"/api/organizations/{organization.OrganizationId}/scim/tokens", accessToken, null, CancellationToken);
            Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, generate.StatusCode);
        }

        using var anonymous = await admin.SendAsync(HttpMethod.Get, $"/api/organizations/{organization.OrganizationId}/scim", null, null, CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task Sign_up_refuses_bad_input_but_never_tells_whether_an_email_is_used_in_another_organization()
    {
        var admin = new AdminApi(_gateway);
        using var shortPassword = await _gateway.PostAsJsonAsync("/api/organizations", new { name = "Fabrikam", adminEmail = AdminApi.NewEmail(), adminPassword = "short" }, CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, shortPassword.StatusCode);
        using var badEmail = await _gateway.PostAsJsonAsync("/api/organizations", new { name = "Fabrikam", adminEmail = "not an email", adminPassword = AdminApi.Password }, CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, badEmail.StatusCode);

        var organization = await admin.SignUpAsync(CancellationToken);
        using var again = await _gateway.PostAsJsonAsync("/api/organizations",
            new { name = "Again", adminEmail = organization.AdminEmail.ToUpperInvariant(), adminPassword = "another long passphrase" }, CancellationToken);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.DoesNotContain(organization.OrganizationId.ToString(), await again.Content.ReadAsStringAsync(CancellationToken));
    }

    [Fact]
    public async Task A_used_token_appears_in_neither_the_database_dump_nor_the_service_logs()
    {
        var (_, token) = await new AdminApi(_gateway).ProvisioningReadyAsync(CancellationToken);
        await Scim.WaitForStatusAsync(_gateway, Scim.TestConnectionUsersPath(token.BaseUrl), $"Bearer {token.Token}", HttpStatusCode.OK, TimeSpan.FromSeconds(5), CancellationToken);
        using var wrongCase = await Scim.GetAsync(_gateway, Scim.TestConnectionGroupsPath(token.BaseUrl), $"Bearer {token.Token}x", CancellationToken);

        foreach (var database in new[] { "directorydb", "scimdb" })
        {
            var dump = await PgDumpAsync(await shared.Host.ConnectionStringAsync(database));
            Assert.Contains("scim", dump, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(token.Token, dump);
        }

        foreach (var service in new[] { "gateway", "directory", "scimapi", "notifier" })
        {
            var logs = shared.Host.LogsOf(service);
            Assert.True(logs.Length > 0, $"{service} logged nothing");
            Assert.DoesNotContain(token.Token, logs);
        }
    }

    internal static async Task<string> PgDumpAsync(string connectionString)
    {
        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        var start = new ProcessStartInfo("/usr/lib/postgresql/15/bin/pg_dump",
            ["--host", settings.Host!, "--port", settings.Port.ToString(), "--username", settings.Username!, "--dbname", settings.Database!])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["PGPASSWORD"] = settings.Password },
        };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, await process.StandardError.ReadToEndAsync());
        return output;
    }
}
