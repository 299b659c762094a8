using System.Net;

namespace Workteam.AppHost.Tests;

/// <summary>The gateway's limits, on an app host of their own whose limits are small enough to reach quickly.</summary>
[Collection(AppHostCollection.Name)]
public sealed class GatewayLimitTests
{
    [Fact]
    public async Task Over_the_rate_limit_and_after_repeated_failed_authentications_clients_get_a_scim_429_with_retry_after()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var host = await RunningAppHost.StartAsync(RunningAppHost.NewDataPath(), cancellationToken,
            "Gateway:Scim:RequestsPerSecond=10", "Gateway:Scim:Burst=20", "Gateway:Scim:FailedAuthenticationsPerMinute=5");
        using var gateway = host.CreateGatewayClient();
        var (_, token) = await new AdminApi(gateway).ProvisioningReadyAsync(cancellationToken);
        var url = Scim.TestConnectionUsersPath(token.BaseUrl);
        await Scim.WaitForStatusAsync(gateway, url, $"Bearer {token.Token}", HttpStatusCode.OK, TimeSpan.FromSeconds(5), cancellationToken);

        var statuses = await Task.WhenAll(Enumerable.Range(0, 60).Select(async _ =>
        {
            using var response = await Scim.GetAsync(gateway, url, $"Bearer {token.Token}", cancellationToken);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
                await GatewayScimAuthenticationTests.AssertScimErrorAsync(response, "429");
            }

            return response.StatusCode;
        }));
        Assert.Contains(HttpStatusCode.OK, statuses);
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);

        for (var attempt = 0; attempt < 5; attempt++)
        {
            using var wrong = await Scim.GetAsync(gateway, url, "Bearer wtscim_wrong", cancellationToken);
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using var blocked = await Scim.GetAsync(gateway, url, $"Bearer {token.Token}", cancellationToken);
        Assert.Equal(HttpStatusCode.TooManyRequests, blocked.StatusCode);
        Assert.NotNull(blocked.Headers.RetryAfter);
        await GatewayScimAuthenticationTests.AssertScimErrorAsync(blocked, "429");
    }
}
