using System.Diagnostics;
using System.Net;
using Aspire.Hosting;

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

    [Fact]
    public async Task When_scimapi_does_not_answer_within_the_upstream_timeout_the_gateway_answers_a_scim_504()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var host = await RunningAppHost.StartAsync(RunningAppHost.NewDataPath(), cancellationToken, "Gateway:ScimUpstreamTimeout=00:00:02");
        using var gateway = host.CreateGatewayClient();
        var (_, token) = await new AdminApi(gateway).ProvisioningReadyAsync(cancellationToken);
        var url = Scim.TestConnectionUsersPath(token.BaseUrl);
        await Scim.WaitForStatusAsync(gateway, url, $"Bearer {token.Token}", HttpStatusCode.OK, TimeSpan.FromSeconds(5), cancellationToken);

        // Freeze ScimApi: it keeps its connections open but answers nothing.
        var scimApiPid = int.Parse(host.App.ResourceNotifications.TryGetCurrentState("scimapi", out var scimApi)
            ? scimApi.Snapshot.Properties.Single(p => p.Name == "executable.pid").Value!.ToString()!
            : throw new InvalidOperationException("scimapi has no state"));
        Signal("STOP", scimApiPid);
        try
        {
            var stopwatch = Stopwatch.StartNew();
            using var response = await Scim.GetAsync(gateway, url, $"Bearer {token.Token}", cancellationToken);

            Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
            await GatewayScimAuthenticationTests.AssertScimErrorAsync(response, "504");
            Assert.InRange(stopwatch.Elapsed, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(20));
        }
        finally
        {
            Signal("CONT", scimApiPid);
        }
    }

    /// <summary>Signals the process and its descendants (a project may run under a <c>dotnet run</c> parent).</summary>
    private static void Signal(string signal, int pid)
    {
        foreach (var child in Children(pid))
        {
            Signal(signal, child);
        }

        using var kill = Process.Start("kill", [$"-{signal}", pid.ToString()]);
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    private static IEnumerable<int> Children(int pid)
    {
        using var pgrep = Process.Start(new ProcessStartInfo("pgrep", ["-P", pid.ToString()]) { RedirectStandardOutput = true })!;
        var output = pgrep.StandardOutput.ReadToEnd();
        pgrep.WaitForExit();
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToList();
    }
}
