using System.Text.RegularExpressions;
using Aspire.Hosting.Testing;
using Npgsql;
using Workteam.LoadTest;

namespace Workteam.AppHost.Tests;

/// <summary>
/// Two processes each of ScimApi, Directory and Notifier side by side (<c>Workteam:Replicas=2</c>): both outbox
/// relays listen, every queue that delivered has a consumer in each replica, and an Entra-like provisioning run
/// still leaves ScimApi and Directory equal to the source with every status as Entra expects; a form served by one
/// Directory replica is accepted by the other.
/// </summary>
[Collection(AppHostCollection.Name)]
public sealed partial class ReplicaTests
{
    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    [Fact]
    public async Task With_two_replicas_of_each_service_a_provisioning_run_leaves_ScimApi_and_Directory_equal_to_the_source()
    {
        // Seven service processes and the servers start on two cores beside the other test hosts.
        await using var host = await RunningAppHost.StartAsync(RunningAppHost.NewDataPath(), CancellationToken, TimeSpan.FromMinutes(8), "Workteam:Replicas=2");
        Assert.Equal(2, await OutboxListenersAsync(host));
        await AssertAFormFromOneDirectoryReplicaIsAcceptedByTheOtherAsync(host);

        var options = new LoadTestOptions
        {
            Gateway = host.App.GetEndpoint("gateway", "http"),
            Organizations = 2,
            Users = 150,
            Groups = 5,
            MembersPerGroup = 20,
            IncrementalCycles = 1,
            Mode = LoadMode.Closed,
            Concurrency = 8,
            DirectoryTimeout = TimeSpan.FromSeconds(60),
        };
        using var progress = new StringWriter();
        var report = await LoadTestRunner.RunAsync(options, TextWriter.Synchronized(progress), CancellationToken);

        var markdown = report.ToMarkdown();
        Assert.True(report.UnexpectedStatuses == 0, $"Unexpected statuses:\n{markdown}\n{progress}");
        Assert.True(report.Mismatches == 0, $"Mismatches:\n{markdown}\n{progress}");
        Assert.Contains(report.Checks, c => c.Name == "cycle 1: Directory equals the source");
        // The management API's message counts lag by the broker's statistics interval (5 s).
        var queues = await ConsumedQueuesAsync(host);
        for (var wait = 0; queues.Count == 0 && wait < 30; wait++)
        {
            await Task.Delay(500, CancellationToken);
            queues = await ConsumedQueuesAsync(host);
        }

        Assert.NotEmpty(queues);
        Assert.All(queues, queue => Assert.True(queue.Consumers == 2, $"{queue.Name} has {queue.Consumers} consumers"));

        await AssertGatewayLeavesOutACrashedScimApiReplicaAsync(host);
        await AssertRevocationsTakeEffectWithTheFirstDirectoryReplicaCrashedAsync(host);
    }

    /// <summary>
    /// The sign-in form (antiforgery cookie and token) is fetched from directory and posted to directory-2: the
    /// replicas share one Data Protection key ring, kept in the directory database, so directory-2 reads the token
    /// and answers the sign-in (wrong password, 200) instead of rejecting the form (400).
    /// </summary>
    private static async Task AssertAFormFromOneDirectoryReplicaIsAcceptedByTheOtherAsync(RunningAppHost host)
    {
        var cookies = new System.Net.CookieContainer();
        using var handler = new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false };
        using var browser = new HttpClient(handler);
        var form = await browser.GetStringAsync(new Uri(host.App.GetEndpoint("directory", "http"), "/signin"), CancellationToken);
        var antiforgery = AntiforgeryField().Match(form).Groups[1].Value;
        Assert.NotEmpty(antiforgery);

        // The cookie container sends cookies by host and path; both replicas listen on localhost.
        using var posted = await browser.PostAsync(new Uri(host.App.GetEndpoint("directory-2", "http"), "/signin"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = antiforgery,
            ["Email"] = "nobody@example.com",
            ["Password"] = "not-the-password",
        }), CancellationToken);

        Assert.Equal(System.Net.HttpStatusCode.OK, posted.StatusCode);
        // On one machine the replicas would also share the default key folder in the home directory; replicas on
        // separate hosts share only the database, where the key ring must be.
        await using var database = new NpgsqlConnection(await host.ConnectionStringAsync("directorydb"));
        await database.OpenAsync(CancellationToken);
        await using var keys = new NpgsqlCommand("SELECT count(*) FROM data_protection_keys", database);
        Assert.True((long)(await keys.ExecuteScalarAsync(CancellationToken))! > 0, "No Data Protection key in the directory database");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    /// <summary>
    /// The first Directory replica is killed: the console still works through the second, and a token revoked
    /// there stops working within the 5 s the gateway promises, because the gateway now reads credentials from the
    /// second replica.
    /// </summary>
    private static async Task AssertRevocationsTakeEffectWithTheFirstDirectoryReplicaCrashedAsync(RunningAppHost host)
    {
        using var gateway = host.CreateGatewayClient();
        var admin = new AdminApi(gateway);
        var (organization, token) = await admin.ProvisioningReadyAsync(CancellationToken);
        var url = Scim.TestConnectionUsersPath(token.BaseUrl);
        await Scim.WaitForStatusAsync(gateway, url, $"Bearer {token.Token}", System.Net.HttpStatusCode.OK, TimeSpan.FromSeconds(5), CancellationToken);
        ServiceProcess("directory").Kill();

        // Until the gateway has taken the crashed replica out of the console's rotation, about half the requests fail.
        var settings = $"/api/organizations/{organization.OrganizationId}/scim";
        var (consoleRecovered, consoleStatuses) = await AnswersInARowAsync(
            () => admin.SendAsync(HttpMethod.Get, settings, organization.AccessToken, null, CancellationToken), 20);
        Assert.True(consoleRecovered, $"The console still fails 30 s after the first Directory replica crashed: {consoleStatuses}");

        using (var stillWorks = await Scim.GetAsync(gateway, url, $"Bearer {token.Token}", CancellationToken))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, stillWorks.StatusCode);
        }

        using var revoked = await admin.SendAsync(HttpMethod.Delete, $"{settings}/tokens/{token.TokenId}", organization.AccessToken, null, CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.NoContent, revoked.StatusCode);
        var took = await Scim.WaitForStatusAsync(gateway, url, $"Bearer {token.Token}", System.Net.HttpStatusCode.Unauthorized, TimeSpan.FromSeconds(5), CancellationToken);
        TestContext.Current.TestOutputHelper?.WriteLine($"The revocation took effect after {took.TotalSeconds:F1} s.");
    }

    /// <summary>
    /// scimapi-2 is killed: within seconds the gateway stops choosing it, and then answers every request through
    /// scimapi. Without health checks, about half of the requests would keep getting 502.
    /// </summary>
    private static async Task AssertGatewayLeavesOutACrashedScimApiReplicaAsync(RunningAppHost host)
    {
        using var gateway = host.CreateGatewayClient();
        var (_, token) = await new AdminApi(gateway).ProvisioningReadyAsync(CancellationToken);
        var url = Scim.TestConnectionUsersPath(token.BaseUrl);
        ServiceProcess("scimapi-2").Kill();

        var (recovered, statuses) = await AnswersInARowAsync(() => Scim.GetAsync(gateway, url, $"Bearer {token.Token}", CancellationToken), 50);
        TestContext.Current.TestOutputHelper?.WriteLine($"After the crash: {statuses}");
        Assert.True(recovered, $"The gateway still sends requests to the crashed replica 30 s after the crash: {statuses}");
    }

    /// <summary>
    /// Sends a request every 20 ms until <paramref name="inARow"/> in a row succeed, for at most 30 s; says whether
    /// they did and how many of each status came.
    /// </summary>
    private static async Task<(bool Succeeded, string Statuses)> AnswersInARowAsync(Func<Task<HttpResponseMessage>> send, int inARow)
    {
        var statuses = new List<int>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        var answeredInARow = 0;
        while (answeredInARow < inARow && DateTime.UtcNow < deadline)
        {
            using var response = await send();
            statuses.Add((int)response.StatusCode);
            answeredInARow = response.IsSuccessStatusCode ? answeredInARow + 1 : 0;
            await Task.Delay(20, CancellationToken);
        }

        return (answeredInARow == inARow, string.Join(", ", statuses.GroupBy(s => s).Select(g => $"{g.Key}×{g.Count()}")));
    }

    /// <summary>The service process (not its <c>dotnet run</c> launcher) of an app host resource such as scimapi-2.</summary>
    private static System.Diagnostics.Process ServiceProcess(string resource)
    {
        foreach (var directory in System.IO.Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                if (int.TryParse(Path.GetFileName(directory), out var pid)
                    && File.ReadAllText(Path.Combine(directory, "cmdline")).Split('\0')[0].Contains("/Workteam.", StringComparison.Ordinal)
                    && File.ReadAllText(Path.Combine(directory, "environ")).Split('\0').Contains($"OTEL_SERVICE_NAME={resource}"))
                {
                    return System.Diagnostics.Process.GetProcessById(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process ended while being read.
            }
        }

        throw new InvalidOperationException($"No running process for {resource}.");
    }

    /// <summary>Connections of the scim database whose last statement was the outbox relay's LISTEN.</summary>
    private static async Task<long> OutboxListenersAsync(RunningAppHost host)
    {
        await using var connection = new NpgsqlConnection(await host.ConnectionStringAsync("scimdb"));
        await connection.OpenAsync(CancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN scim_outbox'", connection);
        return (long)(await command.ExecuteScalarAsync(CancellationToken))!;
    }

    /// <summary>The queues that delivered messages during the run, with how many consumers each has (RabbitMQ's management API).</summary>
    private static async Task<List<(string Name, int Consumers)>> ConsumedQueuesAsync(RunningAppHost host) =>
        [.. (await BrokerQueues.ListAsync(host, CancellationToken))
            .Where(q => q.TryGetProperty("message_stats", out var stats) && stats.TryGetProperty("deliver_get", out var delivered) && delivered.GetInt64() > 0)
            .Select(q => (q.GetProperty("name").GetString()!, q.GetProperty("consumers").GetInt32()))];
}
