using System.Diagnostics;
using System.Net;
using Workteam.Testing;

namespace Workteam.AppHost.Tests;

/// <summary>An app host whose gateway limits are small enough to reach quickly, shared by <see cref="GatewayLimitTests"/>.</summary>
public sealed class GatewayLimitHost : IAsyncLifetime
{
    public RunningAppHost Host { get; private set; } = null!;

    public async ValueTask InitializeAsync() =>
        Host = await RunningAppHost.StartAsync(RunningAppHost.NewDataPath(), TestContext.Current.CancellationToken,
            "Gateway:Scim:RequestsPerSecond=10", "Gateway:Scim:Burst=20", "Gateway:Scim:FailedAuthenticationsPerMinute=5",
            "Gateway:ScimUpstreamTimeout=00:00:02");

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}

/// <summary>The gateway's limits; its test host trusts no proxy.</summary>
[Collection(AppHostCollection.Name)]
public sealed class GatewayLimitTests(GatewayLimitHost fixture) : IClassFixture<GatewayLimitHost>
{
    private readonly HttpClient _gateway = fixture.Host.CreateGatewayClient();

    [Fact]
    public async Task Over_the_rate_limit_clients_get_a_scim_429_with_retry_after()
    {
        var url = await ReadyUrlAsync();
        var statuses = await Task.WhenAll(Enumerable.Range(0, 60).Select(async _ =>
        {
            using var response = await Scim.GetAsync(_gateway, url.Url, url.Authorization, Cancel);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
                await GatewayScimAuthenticationTests.AssertScimErrorAsync(response, "429");
            }

            return response.StatusCode;
        }));
        Assert.Contains(HttpStatusCode.OK, statuses);
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        var refusals = await ActivityTable.WaitForAsync(fixture.Host, ActivityTable.OrganizationOf(url.Url), r => r.Status == 429, 1, Cancel);
        Assert.All(refusals, row => Assert.Equal(("GET /Users", "Refused", "Gateway"), (row.Operation, row.Outcome, row.Source)));
        Assert.All(refusals, row => Assert.False(string.IsNullOrEmpty(row.Detail)));
    }

    [Fact]
    public async Task Bad_tokens_of_one_organization_never_block_another_organizations_valid_requests_from_the_same_address()
    {
        var revoked = await ReadyUrlAsync();
        var valid = await ReadyUrlAsync();

        var refusals = new List<HttpStatusCode>();
        for (var attempt = 0; attempt < 200; attempt++)
        {
            using var bad = await Scim.GetAsync(_gateway, revoked.Url, "Bearer wtscim_revoked-or-wrong", Cancel);
            refusals.Add(bad.StatusCode);
            if (attempt % 20 == 0)
            {
                // Ten in all, within the other organization's own burst of 20 on this host.
                using var good = await Scim.GetAsync(_gateway, valid.Url, valid.Authorization, Cancel);
                Assert.Equal(HttpStatusCode.OK, good.StatusCode);
            }
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Unauthorized, 5), refusals.Take(5));
        Assert.All(refusals.Skip(5), status => Assert.Equal(HttpStatusCode.TooManyRequests, status));

        // The exhausted budget is the bad client's against that organization only; its valid token still works.
        using var stillValid = await Scim.GetAsync(_gateway, revoked.Url, revoked.Authorization, Cancel);
        Assert.Equal(HttpStatusCode.OK, stillValid.StatusCode);
    }

    [Fact]
    public async Task A_forwarded_address_from_a_peer_that_is_not_a_known_proxy_gets_no_budget_of_its_own()
    {
        var url = await ReadyUrlAsync();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            using var wrong = await SendForwardedAsync(url.Url, "Bearer wtscim_wrong", $"203.0.113.{attempt + 1}");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using var blocked = await SendForwardedAsync(url.Url, "Bearer wtscim_wrong", "203.0.113.99");
        Assert.Equal(HttpStatusCode.TooManyRequests, blocked.StatusCode);
        Assert.NotNull(blocked.Headers.RetryAfter);
        await GatewayScimAuthenticationTests.AssertScimErrorAsync(blocked, "429");
    }

    [Fact]
    public async Task When_scimapi_does_not_answer_within_the_upstream_timeout_the_gateway_answers_a_scim_504()
    {
        var url = await ReadyUrlAsync();
        using (ResourceSignals.Freeze(fixture.Host.App, "scimapi"))
        {
            var stopwatch = Stopwatch.StartNew();
            using var response = await Scim.GetAsync(_gateway, url.Url, url.Authorization, Cancel);

            Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
            await GatewayScimAuthenticationTests.AssertScimErrorAsync(response, "504");
            Assert.InRange(stopwatch.Elapsed, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(20));
        }

        var refusal = Assert.Single(await ActivityTable.WaitForAsync(fixture.Host, ActivityTable.OrganizationOf(url.Url), r => r.Status == 504, 1, Cancel));
        Assert.Equal(("GET /Users", "Refused", "Gateway"), (refusal.Operation, refusal.Outcome, refusal.Source));
        Assert.False(string.IsNullOrEmpty(refusal.Detail));
    }

    internal static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private Task<HttpResponseMessage> SendForwardedAsync(string url, string authorization, string forwardedFor)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", forwardedFor);
        return _gateway.SendAsync(request, Cancel);
    }

    private Task<(string Url, string Authorization)> ReadyUrlAsync() => ReadyUrlAsync(_gateway);

    /// <summary>A Test Connection URL of a new organization with provisioning enabled, and its working token.</summary>
    internal static async Task<(string Url, string Authorization)> ReadyUrlAsync(HttpClient gateway)
    {
        var (_, token) = await new AdminApi(gateway).ProvisioningReadyAsync(Cancel);
        var url = Scim.TestConnectionUsersPath(token.BaseUrl);
        await Scim.WaitForStatusAsync(gateway, url, $"Bearer {token.Token}", HttpStatusCode.OK, TimeSpan.FromSeconds(5), Cancel);
        return (url, $"Bearer {token.Token}");
    }
}
