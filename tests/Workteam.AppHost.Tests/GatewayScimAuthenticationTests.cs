using Aspire.Hosting.Testing;
using System.Net.Http.Json;
using System.Net;
using System.Text.Json;

namespace Workteam.AppHost.Tests;

[Collection(SharedAppHostCollection.Name)]
public sealed class GatewayScimAuthenticationTests(SharedAppHost shared)
{
    // The promise itself (a revoked token stops working within 5 s), not a guess: the gateway refreshes its credentials
    // every 2 s, so a correct gateway needs at most about 2 s plus one Directory round trip; the rest is the margin
    // for a loaded machine. A longer limit would let a broken refresh pass.
    private static readonly TimeSpan PropagationLimit = TimeSpan.FromSeconds(5);
    private readonly HttpClient _gateway = shared.Host.CreateGatewayClient();
    private CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_valid_token_passes_Entras_test_connection_with_empty_list_responses()
    {
        var (_, token) = await new AdminApi(_gateway).ProvisioningReadyAsync(CancellationToken);

        foreach (var url in new[] { Scim.TestConnectionUsersPath(token.BaseUrl), Scim.TestConnectionGroupsPath(token.BaseUrl) })
        {
            using var response = await Scim.GetAsync(_gateway, url, $"Bearer {token.Token}", CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/scim+json", response.Content.Headers.ContentType?.MediaType);
            using var list = JsonDocument.Parse(await response.Content.ReadAsStringAsync(CancellationToken));
            Assert.Equal(0, list.RootElement.GetProperty("totalResults").GetInt32());
            Assert.Empty(list.RootElement.GetProperty("Resources").EnumerateArray());
            Assert.Equal("urn:ietf:params:scim:api:messages:2.0:ListResponse", list.RootElement.GetProperty("schemas")[0].GetString());
        }
    }

    [Fact]
    public async Task An_unsupported_filter_gets_a_400_invalid_filter()
    {
        var (_, token) = await new AdminApi(_gateway).ProvisioningReadyAsync(CancellationToken);

        using var response = await Scim.GetAsync(_gateway, $"{token.BaseUrl}/Users?filter={Uri.EscapeDataString("userName eq \"unterminated")}", $"Bearer {token.Token}", CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync(CancellationToken));
        Assert.Equal("invalidFilter", error.RootElement.GetProperty("scimType").GetString());
    }

    [Fact]
    public async Task The_bearer_scheme_is_case_insensitive()
    {
        var (_, token) = await new AdminApi(_gateway).ProvisioningReadyAsync(CancellationToken);

        using var response = await Scim.GetAsync(_gateway, Scim.TestConnectionUsersPath(token.BaseUrl), $"bEaReR {token.Token}", CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer")]
    [InlineData("Bearer ")]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Bearer wtscim_not-a-real-token")]
    [InlineData("garbage")]
    public async Task Missing_malformed_or_wrong_tokens_get_a_scim_401(string? authorization)
    {
        var (_, token) = await new AdminApi(_gateway).ProvisioningReadyAsync(CancellationToken);

        using var response = await Scim.GetAsync(_gateway, Scim.TestConnectionUsersPath(token.BaseUrl), authorization, CancellationToken);

        await AssertScimUnauthorizedAsync(response);
    }

    [Fact]
    public async Task Another_organizations_token_gets_401_and_no_data()
    {
        var admin = new AdminApi(_gateway);
        var (_, tokenOfA) = await admin.ProvisioningReadyAsync(CancellationToken);
        var (_, tokenOfB) = await admin.ProvisioningReadyAsync(CancellationToken);

        using var response = await Scim.GetAsync(_gateway, Scim.TestConnectionUsersPath(tokenOfB.BaseUrl), $"Bearer {tokenOfA.Token}", CancellationToken);

        await AssertScimUnauthorizedAsync(response);
    }

    [Fact]
    public async Task A_forged_organization_header_is_replaced_by_the_gateway()
    {
        var admin = new AdminApi(_gateway);
        var (_, tokenOfA) = await admin.ProvisioningReadyAsync(CancellationToken);
        var (organizationB, tokenOfB) = await admin.ProvisioningReadyAsync(CancellationToken);

        // Organization A's token with B's id in the header: ScimApi would refuse a header that does not match
        // the path, so a 200 shows the forged header never reached it.
        using var forgedForOwnUrl = new HttpRequestMessage(HttpMethod.Get, Scim.TestConnectionUsersPath(tokenOfA.BaseUrl));
        forgedForOwnUrl.Headers.Authorization = Scim.Bearer(tokenOfA.Token);
        forgedForOwnUrl.Headers.Add("X-Workteam-Organization-Id", organizationB.OrganizationId.ToString());
        using var ownUrl = await _gateway.SendAsync(forgedForOwnUrl, CancellationToken);
        Assert.Equal(HttpStatusCode.OK, ownUrl.StatusCode);

        using var forgedForOtherUrl = new HttpRequestMessage(HttpMethod.Get, Scim.TestConnectionUsersPath(tokenOfB.BaseUrl));
        forgedForOtherUrl.Headers.Authorization = Scim.Bearer(tokenOfA.Token);
        forgedForOtherUrl.Headers.Add("X-Workteam-Organization-Id", organizationB.OrganizationId.ToString());
        using var otherUrl = await _gateway.SendAsync(forgedForOtherUrl, CancellationToken);
        await AssertScimUnauthorizedAsync(otherUrl);
    }

    [Fact]
    public async Task A_revoked_token_stops_working_within_five_seconds_while_a_rotated_one_keeps_working()
    {
        var admin = new AdminApi(_gateway);
        var (organization, oldToken) = await admin.ProvisioningReadyAsync(CancellationToken);
        var newToken = await admin.GenerateTokenAsync(organization, CancellationToken);
        var url = Scim.TestConnectionUsersPath(oldToken.BaseUrl);
        await Scim.WaitForStatusAsync(_gateway, url, $"Bearer {newToken.Token}", HttpStatusCode.OK, PropagationLimit, CancellationToken);

        using var revoked = await admin.SendAsync(HttpMethod.Delete,
            $"/api/organizations/{organization.OrganizationId}/scim/tokens/{oldToken.TokenId}", organization.AccessToken, null, CancellationToken);
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);

        await Scim.WaitForStatusAsync(_gateway, url, $"Bearer {oldToken.Token}", HttpStatusCode.Unauthorized, PropagationLimit, CancellationToken);
        using var stillWorking = await Scim.GetAsync(_gateway, url, $"Bearer {newToken.Token}", CancellationToken);
        Assert.Equal(HttpStatusCode.OK, stillWorking.StatusCode);
    }

    [Fact]
    public async Task Disabling_provisioning_stops_every_token_within_five_seconds_and_the_settings_say_why()
    {
        var admin = new AdminApi(_gateway);
        var (organization, token) = await admin.ProvisioningReadyAsync(CancellationToken);
        var url = Scim.TestConnectionUsersPath(token.BaseUrl);
        await Scim.WaitForStatusAsync(_gateway, url, $"Bearer {token.Token}", HttpStatusCode.OK, PropagationLimit, CancellationToken);

        var settings = await admin.SetScimAsync(organization, enabled: false, CancellationToken);

        await Scim.WaitForStatusAsync(_gateway, url, $"Bearer {token.Token}", HttpStatusCode.Unauthorized, PropagationLimit, CancellationToken);
        var listed = settings.GetProperty("tokens").EnumerateArray().Single();
        Assert.False(listed.GetProperty("works").GetBoolean());
        Assert.Contains("provisioning is disabled", listed.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("{\"role\":\"Member\"}", "no longer an admin")]
    [InlineData("{\"status\":\"Suspended\"}", "is suspended")]
    public async Task A_token_stops_working_within_five_seconds_when_its_issuer_is_demoted_or_suspended(string change, string reason)
    {
        var admin = new AdminApi(_gateway);
        var organization = await admin.SignUpAsync(CancellationToken);
        await admin.SetScimAsync(organization, enabled: true, CancellationToken);
        var issuerEmail = AdminApi.NewEmail("issuer");
        var issuerId = await admin.CreateAccountAsync(organization, issuerEmail, "Admin", CancellationToken);
        var issuerSession = await admin.SignInAsync(issuerEmail, AdminApi.Password, CancellationToken);
        var token = await admin.GenerateTokenAsync(organization, CancellationToken, issuerSession);
        var url = Scim.TestConnectionUsersPath(token.BaseUrl);
        await Scim.WaitForStatusAsync(_gateway, url, $"Bearer {token.Token}", HttpStatusCode.OK, PropagationLimit, CancellationToken);

        using var changed = await admin.SendAsync(HttpMethod.Patch, $"/api/organizations/{organization.OrganizationId}/accounts/{issuerId}",
            organization.AccessToken, JsonDocument.Parse(change).RootElement, CancellationToken);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);

        await Scim.WaitForStatusAsync(_gateway, url, $"Bearer {token.Token}", HttpStatusCode.Unauthorized, PropagationLimit, CancellationToken);
        using var settings = await admin.SendAsync(HttpMethod.Get, $"/api/organizations/{organization.OrganizationId}/scim", organization.AccessToken, null, CancellationToken);
        var listed = (await settings.Content.ReadFromJsonAsync<JsonElement>(CancellationToken)).GetProperty("tokens").EnumerateArray().Single();
        Assert.Contains(reason, listed.GetProperty("status").GetString());
    }

    /// <summary>
    /// 8 MB bodies, four clients at a time, five after another on the same connections: a body refused half-read
    /// must not reset the connection while the client is still sending, or the client never reads its 413.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Bodies_over_one_megabyte_get_a_scim_413_with_or_without_content_length(bool chunked)
    {
        var (_, token) = await new AdminApi(_gateway).ProvisioningReadyAsync(CancellationToken);
        var body = System.Text.Encoding.UTF8.GetBytes($"{{\"userName\":\"{new string('x', 8 * 1024 * 1024)}\"}}");

        await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            for (var i = 0; i < 5; i++)
            {
                using var response = await _gateway.SendAsync(UserPost(token, body, chunked), CancellationToken);
                Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
                await AssertScimErrorAsync(response, "413");
            }
        }));
    }

    [Fact]
    public async Task A_chunked_body_within_the_limit_reaches_scimapi_whole()
    {
        var (_, token) = await new AdminApi(_gateway).ProvisioningReadyAsync(CancellationToken);
        var userName = $"chunked-{Guid.NewGuid():N}@contoso.test";
        var displayName = new string('d', 1000);
        // Whitespace makes the body span many chunks; the display name at its end shows that all of it arrived.
        var body = System.Text.Encoding.UTF8.GetBytes(
            $"{{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"{userName}\",{new string(' ', 900_000)}\"displayName\":\"{displayName}\"}}");

        using var created = await _gateway.SendAsync(UserPost(token, body, chunked: true), CancellationToken);

        var text = await created.Content.ReadAsStringAsync(CancellationToken);
        Assert.True(created.StatusCode == HttpStatusCode.Created, text);
        using var user = JsonDocument.Parse(text);
        Assert.Equal(userName, user.RootElement.GetProperty("userName").GetString());
        Assert.Equal(displayName, user.RootElement.GetProperty("displayName").GetString());
    }

    private static HttpRequestMessage UserPost(AdminApi.GeneratedToken token, byte[] body, bool chunked)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"{token.BaseUrl}/Users")
        {
            Content = chunked ? new StreamContent(new MemoryStream(body)) : new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/scim+json");
        request.Headers.TransferEncodingChunked = chunked ? true : null;
        request.Headers.Authorization = Scim.Bearer(token.Token);
        return request;
    }

    /// <summary>The gateway forwards SCIM requests over HTTP/2 to an endpoint of ScimApi that speaks nothing else.</summary>
    [Fact]
    public async Task ScimApi_speaks_http2_to_the_gateway_and_http1_to_everyone_else()
    {
        using var http2 = new HttpClient { DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        using var overHttp2 = await http2.GetAsync(new Uri(shared.Host.App.GetEndpoint("scimapi", "h2c"), "/alive"), CancellationToken);
        Assert.Equal(HttpStatusCode.OK, overHttp2.StatusCode);
        Assert.Equal(HttpVersion.Version20, overHttp2.Version);
        await Assert.ThrowsAsync<HttpRequestException>(() => http2.GetAsync(new Uri(shared.Host.App.GetEndpoint("scimapi", "http"), "/alive"), CancellationToken));

        using var http1 = new HttpClient();
        using var overHttp1 = await http1.GetAsync(new Uri(shared.Host.App.GetEndpoint("scimapi", "http"), "/alive"), CancellationToken);
        Assert.Equal(HttpVersion.Version11, overHttp1.Version);
        Assert.Equal(HttpStatusCode.OK, overHttp1.StatusCode);
    }

    [Fact]
    public async Task Paths_outside_an_organizations_base_url_get_scim_errors_and_internal_paths_are_not_exposed()
    {
        using var noOrganization = await Scim.GetAsync(_gateway, "/scim/v2/Users", "Bearer x", CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, noOrganization.StatusCode);
        await AssertScimErrorAsync(noOrganization, "404");

        using var internalApi = await _gateway.GetAsync("/internal/scim-credentials", CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, internalApi.StatusCode);
    }

    private static async Task AssertScimUnauthorizedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
        await AssertScimErrorAsync(response, "401");
        Assert.DoesNotContain("Resources", await response.Content.ReadAsStringAsync());
    }

    internal static async Task AssertScimErrorAsync(HttpResponseMessage response, string status)
    {
        Assert.Equal("application/scim+json", response.Content.Headers.ContentType?.MediaType);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(status, error.RootElement.GetProperty("status").GetString());
        Assert.Equal("urn:ietf:params:scim:api:messages:2.0:Error", error.RootElement.GetProperty("schemas")[0].GetString());
    }
}
