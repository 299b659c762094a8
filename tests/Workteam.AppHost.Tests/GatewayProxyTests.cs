using System.Net;
using Workteam.Testing;

namespace Workteam.AppHost.Tests;

/// <summary>
/// An app host whose gateway sits behind a known proxy on loopback, lets an organization have two SCIM requests in
/// flight, and stops trusting its credentials 10 s after Directory last answered.
/// </summary>
public sealed class GatewayProxyHost : IAsyncLifetime
{
    public RunningAppHost Host { get; private set; } = null!;

    public async ValueTask InitializeAsync() =>
        Host = await RunningAppHost.StartAsync(RunningAppHost.NewDataPath(), TestContext.Current.CancellationToken,
            "Gateway:KnownProxies=127.0.0.1,::1", "Gateway:Scim:FailedAuthenticationsPerMinute=5",
            "Gateway:Scim:ConcurrentRequestsPerOrganization=2", "Gateway:Scim:CredentialStalenessLimit=00:00:10");

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}

[Collection(AppHostCollection.Name)]
public sealed class GatewayProxyTests(GatewayProxyHost fixture) : IClassFixture<GatewayProxyHost>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private readonly HttpClient _gateway = fixture.Host.CreateGatewayClient();

    [Fact]
    public async Task Behind_a_known_proxy_each_forwarded_client_address_has_its_own_failure_budget()
    {
        var (url, _) = await GatewayLimitTests.ReadyUrlAsync(_gateway);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            using var wrong = await SendForwardedAsync(url, "203.0.113.1");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using var blocked = await SendForwardedAsync(url, "203.0.113.1");
        Assert.Equal(HttpStatusCode.TooManyRequests, blocked.StatusCode);
        using var otherClient = await SendForwardedAsync(url, "203.0.113.2");
        Assert.Equal(HttpStatusCode.Unauthorized, otherClient.StatusCode);
    }

    [Fact]
    public async Task Over_its_requests_in_flight_an_organization_gets_429_while_another_organization_is_not_refused()
    {
        var busy = await GatewayLimitTests.ReadyUrlAsync(_gateway);
        var other = await GatewayLimitTests.ReadyUrlAsync(_gateway);
        Task<HttpResponseMessage>[] busyRequests;
        Task<HttpResponseMessage> otherRequest;
        using (ResourceSignals.Freeze(fixture.Host.App, "scimapi"))
        {
            busyRequests = [.. Enumerable.Range(0, 3).Select(_ => Scim.GetAsync(_gateway, busy.Url, busy.Authorization, Cancel))];
            var refused = await await Task.WhenAny(busyRequests);
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.NotNull(refused.Headers.RetryAfter);
            await GatewayScimAuthenticationTests.AssertScimErrorAsync(refused, "429");
            Assert.Equal(2, busyRequests.Count(r => !r.IsCompleted));
            otherRequest = Scim.GetAsync(_gateway, other.Url, other.Authorization, Cancel);
        }

        var statuses = (await Task.WhenAll(busyRequests)).Select(r => r.StatusCode).ToList();
        Assert.Equal(2, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(HttpStatusCode.OK, (await otherRequest).StatusCode);
    }

    [Fact]
    public async Task When_directory_stops_answering_scim_requests_get_503_after_the_staleness_limit_and_work_again_after()
    {
        var url = await GatewayLimitTests.ReadyUrlAsync(_gateway);
        using (ResourceSignals.Freeze(fixture.Host.App, "directory"))
        {
            await Scim.WaitForStatusAsync(_gateway, url.Url, url.Authorization, HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(60), Cancel);
            using var refused = await Scim.GetAsync(_gateway, url.Url, url.Authorization, Cancel);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.NotNull(refused.Headers.RetryAfter);
            await GatewayScimAuthenticationTests.AssertScimErrorAsync(refused, "503");
        }

        await Scim.WaitForStatusAsync(_gateway, url.Url, url.Authorization, HttpStatusCode.OK, TimeSpan.FromSeconds(30), Cancel);
    }

    private Task<HttpResponseMessage> SendForwardedAsync(string url, string forwardedFor)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer wtscim_wrong");
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", forwardedFor);
        return _gateway.SendAsync(request, Cancel);
    }
}
