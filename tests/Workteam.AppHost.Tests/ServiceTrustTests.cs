using System.Net;
using Aspire.Hosting.Testing;
using Workteam.Contracts;
using Workteam.Testing;

namespace Workteam.AppHost.Tests;

/// <summary>
/// A caller that reaches a service without the gateway (another process on the host, a pod, an SSRF) gets nothing:
/// ScimApi wants the gateway's signed assertion, Directory's internal routes the service token (decision 0013).
/// </summary>
[Collection(SharedAppHostCollection.Name)]
public sealed class ServiceTrustTests(SharedAppHost shared)
{
    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    private readonly HttpClient _gateway = shared.Host.CreateGatewayClient();

    [Fact]
    public async Task A_request_sent_straight_to_scimapi_with_a_forged_organization_header_or_assertion_gets_a_scim_401()
    {
        var (organization, token) = await new AdminApi(_gateway).ProvisioningReadyAsync(CancellationToken);
        await new ScimClient(_gateway, token.BaseUrl, token.Token).CreateUserAsync(CancellationToken);
        using var scimApi = new HttpClient { BaseAddress = shared.Host.App.GetEndpoint("scimapi", "http") };
        var path = $"/scim/v2/{organization.OrganizationId}/Users";
        var forger = new ServiceTrust(new string('f', 64));
        var organizationId = organization.OrganizationId;

        foreach (var assertion in new[] { null, "1.not.an.assertion", forger.CreateAssertion(organizationId, DateTimeOffset.UtcNow) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Add("X-Workteam-Organization-Id", organizationId.ToString());
            if (assertion is not null)
            {
                request.Headers.Add(ServiceTrust.AssertionHeader, assertion);
            }

            using var response = await scimApi.SendAsync(request, CancellationToken);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            await GatewayScimAuthenticationTests.AssertScimErrorAsync(response, "401");
            Assert.DoesNotContain("Resources", await response.Content.ReadAsStringAsync(CancellationToken));
        }

        // The same organization's users through the gateway, so the refusals above were the assertion's doing.
        var listed = await new ScimClient(_gateway, token.BaseUrl, token.Token).GetAsync("/Users", CancellationToken);
        Assert.Equal(1, listed.Body.GetProperty("totalResults").GetInt32());
    }

    [Fact]
    public async Task Directorys_internal_routes_refuse_a_caller_without_the_service_token()
    {
        using var directory = new HttpClient { BaseAddress = shared.Host.App.GetEndpoint("directory", "http") };
        foreach (var authorization in new[] { null, "Bearer wtsvc_guessed", $"Bearer {new ServiceTrust(new string('f', 64)).InternalToken}" })
        {
            foreach (var (method, path) in new[] { (HttpMethod.Get, "/internal/scim-credentials"), (HttpMethod.Get, $"/internal/organizations/{Guid.NewGuid()}/notification") })
            {
                using var request = new HttpRequestMessage(method, path);
                if (authorization is not null)
                {
                    request.Headers.TryAddWithoutValidation("Authorization", authorization);
                }

                using var response = await directory.SendAsync(request, CancellationToken);
                Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
                Assert.DoesNotContain("tokenHash", await response.Content.ReadAsStringAsync(CancellationToken), StringComparison.OrdinalIgnoreCase);
            }
        }
    }
}

/// <summary>In Local mode every server and service of the app listens on loopback only.</summary>
[Collection(SharedAppHostCollection.Name)]
public sealed class LoopbackOnlyTests(SharedAppHost shared)
{
    [Fact]
    public async Task Every_listening_socket_of_the_apps_services_and_servers_is_on_loopback()
    {
        // The services' own processes too: under `dotnet run` they are children of the resources' processes.
        var pids = new[] { "scimapi", "directory", "notifier", "gateway" }.SelectMany(r => ResourceSignals.ProcessTree(shared.Host.App, r))
            .Concat(ServerProcesses.Using(shared.Host.DataPath).Select(p => int.Parse(p[..p.IndexOf(':')])))
            .ToHashSet();
        using var ss = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("ss", ["-Hltnp"]) { RedirectStandardOutput = true })!;
        var sockets = (await ss.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken)).Split('\n')
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length >= 6 && pids.Any(pid => fields[5].Contains($"pid={pid},", StringComparison.Ordinal)))
            .Select(fields => (Address: fields[3], Process: fields[5]))
            .ToList();

        Assert.True(sockets.Count >= 8, $"found only {sockets.Count} listening sockets of the app");
        Assert.All(sockets, socket => Assert.True(
            socket.Address.StartsWith("127.", StringComparison.Ordinal) || socket.Address.StartsWith("[::1]", StringComparison.Ordinal),
            $"{socket.Process} listens on {socket.Address}"));
    }
}
