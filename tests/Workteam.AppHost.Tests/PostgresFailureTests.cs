using System.Diagnostics;
using System.Net;
using Aspire.Hosting.ApplicationModel;
using MassTransit;
using MassTransit.Events;
using MassTransit.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Workteam.Contracts.Provisioning;

namespace Workteam.AppHost.Tests;

/// <summary>
/// PostgreSQL itself failing while Entra keeps writing, on an app host of its own: stopped for half a minute, or out of
/// disk for the SCIM database. ScimApi answers every SCIM request it cannot serve meanwhile 503 with Retry-After and a
/// SCIM error, well within the gateway's timeout, and serves again on its own once the server can. Directory's admin
/// API answers 503 with Retry-After too, and its consumers wait the outage out with the messages that reached them
/// meanwhile, none parked in an <c>_error</c> queue, and catch up.
/// </summary>
[Collection(AppHostCollection.Name)]
public sealed class PostgresFailureTests(PostgresFailureTests.Host fixture) : IClassFixture<PostgresFailureTests.Host>
{
    /// <summary>The gateway's upstream timeout (<c>ReverseProxy:Clusters:scimapi:HttpRequest:ActivityTimeout</c>).</summary>
    private static readonly TimeSpan GatewayTimeout = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(30);

    private static readonly int[] Answered = [200, 201, 204, 503];

    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    public sealed class Host : IAsyncLifetime
    {
        public RunningAppHost App { get; private set; } = null!;

        public async ValueTask InitializeAsync() => App = await RunningAppHost.StartAsync(RunningAppHost.NewDataPath(), TestContext.Current.CancellationToken);

        public async ValueTask DisposeAsync() => await App.DisposeAsync();
    }

    [Fact]
    public async Task Scim_writes_while_postgres_is_stopped_get_503_with_retry_after_and_everything_catches_up_when_it_returns()
    {
        var host = fixture.App;
        using var gateway = host.CreateGatewayClient();
        var admin = new AdminApi(gateway);
        var (organization, token) = await admin.ProvisioningReadyAsync(CancellationToken);
        var (other, _) = await admin.ProvisioningReadyAsync(CancellationToken);
        var commands = host.App.Services.GetRequiredService<ResourceCommandService>();

        TimeSpan stopped, restarting, back;
        List<UserProvisioned> deliveredDuringOutage;
        var writer = new SteadyScimWriter(new ScimClient(gateway, token.BaseUrl, token.Token));
        await using (writer)
        {
            await Wait.UntilAsync(() => Task.FromResult(writer.Created.Count >= 20), "the writer has created 20 users", TimeSpan.FromSeconds(60), CancellationToken);
            StopPostgres(host);
            await host.App.ResourceNotifications.WaitForResourceAsync("postgres", KnownResourceStates.TerminalStates, CancellationToken);
            Assert.False(await AcceptsConnectionsAsync(host));
            stopped = writer.Clock.Elapsed;

            // Messages that reach Directory while its database is down: another organization's users, and a fault report.
            deliveredDuringOutage = await PublishAsync(host, other.OrganizationId);
            await AssertDirectoryAnswersRetryLaterAsync(admin, organization);

            // The outage's length is what this test sets, not a wait for something to happen.
            await Task.Delay(TimeSpan.FromTicks(Math.Max(0, (Outage - (writer.Clock.Elapsed - stopped)).Ticks)), CancellationToken);
            Assert.Empty(await BrokerQueues.ErrorQueuesWithMessagesAsync(host, CancellationToken));
            restarting = writer.Clock.Elapsed;
            Assert.True((await commands.ExecuteCommandAsync("postgres", KnownResourceCommands.StartCommand, CancellationToken)).Success);
            await Wait.UntilAsync(() => AcceptsConnectionsAsync(host), "PostgreSQL accepts connections again", TimeSpan.FromSeconds(60), CancellationToken);
            back = writer.Clock.Elapsed;
            await Wait.UntilAsync(() => Task.FromResult(LastAnswers(writer, 20).All(a => a.Status is >= 200 and < 300)),
                "the last 20 writes after PostgreSQL's return succeeded", TimeSpan.FromSeconds(60), CancellationToken);
        }

        var answers = AssertSuccessOrRetryLater(writer, stopped,
            $"PostgreSQL stopped at {stopped.TotalSeconds:F1} s, started again at {restarting.TotalSeconds:F1} s, accepted connections at {back.TotalSeconds:F1} s.", out var report);
        var duringOutage = answers.Where(a => a.Started >= stopped && a.Ended <= restarting).ToList();
        Assert.True(duringOutage.Count >= 3 && duringOutage.All(a => a.Status == 503), $"Not every write during the outage was answered 503:\n{report}");

        await AssertDirectoryMatchesScimApiAsync(host, admin, organization, writer.Created);
        await Wait.UntilAsync(async () => (await ProvisionedAsync(admin, other)).Count == deliveredDuringOutage.Count,
            "Directory applied the events delivered during the outage", TimeSpan.FromSeconds(60), CancellationToken);
        Assert.Equal(deliveredDuringOutage.Select(e => e.ResourceId).Order(), (await ProvisionedAsync(admin, other)).Keys.Order());
        Assert.Empty(await BrokerQueues.ErrorQueuesWithMessagesAsync(host, CancellationToken));
    }

    [Fact]
    public async Task Scim_writes_while_the_scim_database_is_out_of_disk_get_503_with_retry_after_and_succeed_once_there_is_room()
    {
        var host = fixture.App;
        using var gateway = host.CreateGatewayClient();
        var scim = await ScimClient.ForNewOrganizationAsync(gateway, CancellationToken);
        await using var disk = await FullTablespace.MoveAsync(host, "scimdb", CancellationToken);
        TimeSpan full, freed;
        var writer = new SteadyScimWriter(scim);
        await using (writer)
        {
            await Wait.UntilAsync(() => Task.FromResult(writer.Created.Count >= 10), "the writer has created 10 users", TimeSpan.FromSeconds(60), CancellationToken);
            await disk.FillAsync(CancellationToken);
            full = writer.Clock.Elapsed;
            await Wait.UntilAsync(() => Task.FromResult(writer.Answers.Count(a => a.Status == 503) >= 5), "five writes were refused", TimeSpan.FromSeconds(60), CancellationToken);

            // Reading needs no new space.
            var read = await scim.GetAsync("/Users?count=1", CancellationToken);
            Assert.True(read.Status == HttpStatusCode.OK, read.ToString());

            disk.Free();
            freed = writer.Clock.Elapsed;
            await Wait.UntilAsync(() => Task.FromResult(LastAnswers(writer, 20).All(a => a.Status is >= 200 and < 300)),
                "the last 20 writes after the disk had room again succeeded", TimeSpan.FromSeconds(60), CancellationToken);
        }

        AssertSuccessOrRetryLater(writer, full, $"The disk was full at {full.TotalSeconds:F1} s and had room again at {freed.TotalSeconds:F1} s.", out _);
    }

    /// <summary>
    /// Every write was answered with success, or 503 with Retry-After and a SCIM error, inside the gateway's timeout;
    /// the answers in order, and a report of those from a little before <paramref name="failed"/>.
    /// </summary>
    private static List<SteadyScimWriter.Answer> AssertSuccessOrRetryLater(SteadyScimWriter writer, TimeSpan failed, string what, out string report)
    {
        var answers = writer.Answers.OrderBy(a => a.Started).ToList();
        report = $"{what}\n{string.Join('\n', answers.Where(a => a.Ended > failed - TimeSpan.FromSeconds(5)).Take(200))}";
        var refused = answers.Where(a => a.Status == 503).ToList();
        TestContext.Current.TestOutputHelper?.WriteLine($"{what} {answers.Count} writes, {refused.Count} answered 503, "
            + $"slowest answer {answers.Max(a => a.Took).TotalSeconds:F1} s, slowest 503 {(refused.Count == 0 ? 0 : refused.Max(a => a.Took).TotalSeconds):F1} s.");
        Assert.True(answers.All(a => Answered.Contains(a.Status)), $"Answers other than 2xx or 503:\n{report}");
        Assert.True(answers.All(a => a.Took < GatewayTimeout), $"Answers slower than the gateway's timeout:\n{report}");
        Assert.True(answers.Where(a => a.Status == 503).All(IsRetryLaterScimError), $"A 503 without Retry-After or a SCIM error body:\n{report}");
        return answers;
    }

    /// <summary>Directory's admin API, which reads the session from its database, answers 503 with Retry-After, not 500.</summary>
    private static async Task AssertDirectoryAnswersRetryLaterAsync(AdminApi admin, AdminApi.SignedUpOrganization organization)
    {
        using var response = await admin.SendAsync(HttpMethod.Get, $"/api/organizations/{organization.OrganizationId}/accounts?limit=1",
            organization.AccessToken, null, CancellationToken);
        var body = await response.Content.ReadAsStringAsync(CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)response.StatusCode}: {body}");
        Assert.Equal(TimeSpan.FromSeconds(10), response.Headers.RetryAfter?.Delta);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("database is unavailable", body, StringComparison.Ordinal);
    }

    private static IEnumerable<SteadyScimWriter.Answer> LastAnswers(SteadyScimWriter writer, int count)
    {
        var last = writer.Answers.OrderBy(a => a.Started).TakeLast(count).ToList();
        return last.Count == count ? last : [new SteadyScimWriter.Answer(TimeSpan.Zero, TimeSpan.Zero, "none yet", 0, null, "")];
    }

    private static bool IsRetryLaterScimError(SteadyScimWriter.Answer answer) =>
        answer.RetryAfter is { Length: > 0 }
        && answer.Body.Contains("\"urn:ietf:params:scim:api:messages:2.0:Error\"", StringComparison.Ordinal)
        && answer.Body.Contains("\"status\":\"503\"", StringComparison.Ordinal);

    /// <summary>
    /// Stops the server as an operator does (<c>pg_ctl stop</c>: a fast shutdown, SIGINT to the postmaster): it ends
    /// every session with 57P01 and exits. The app host's own stop command does not reach it through the launcher.
    /// </summary>
    private static void StopPostgres(RunningAppHost host)
    {
        var postmaster = File.ReadLines(Path.Combine(host.DataPath, "postgres", "cluster", "postmaster.pid")).First();
        using var kill = Process.Start("kill", ["-INT", postmaster])!;
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    private static async Task<bool> AcceptsConnectionsAsync(RunningAppHost host)
    {
        var server = new NpgsqlConnectionStringBuilder(await host.ConnectionStringAsync("postgres")) { Pooling = false, Timeout = 5 };
        try
        {
            await using var connection = new NpgsqlConnection(server.ConnectionString);
            await connection.OpenAsync(CancellationToken);
            return true;
        }
        catch (NpgsqlException)
        {
            return false;
        }
    }

    /// <summary>
    /// Publishes, as ScimApi's relay would, new users of <paramref name="organizationId"/> (a batch for Directory's
    /// user events queue) and the fault report of an event Directory gave up on before.
    /// </summary>
    private static async Task<List<UserProvisioned>> PublishAsync(RunningAppHost host, Guid organizationId)
    {
        var users = Enumerable.Range(0, 40).Select(i =>
        {
            var email = $"during-outage-{i}-{Guid.NewGuid():N}@contoso.test";
            return new UserProvisioned(organizationId, Guid.NewGuid(), 1, DateTimeOffset.UtcNow,
                new ScimUserProfile(email, null, true, email, null, null, [new ScimUserEmail(email, "work", true)], null, null, null, []));
        }).ToList();
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit => rabbit.Host(new Uri(host.ConnectionStringAsync("messaging").GetAwaiter().GetResult())));
        await bus.StartAsync(CancellationToken);
        try
        {
            foreach (var user in users)
            {
                await bus.Publish(user, CancellationToken);
            }

            var failed = new UserProvisioned(organizationId, Guid.NewGuid(), 1, DateTimeOffset.UtcNow,
                new ScimUserProfile("gave-up@contoso.test", null, true, null, null, null, [], null, null, null, []));
            Fault<UserProvisioned> fault = new FaultEvent<UserProvisioned>(failed, Guid.NewGuid(), HostMetadataCache.Host,
                new InvalidOperationException("A failure that repeats"), ["urn:message:Workteam.Contracts.Provisioning:UserProvisioned"]);
            await bus.Publish(fault, CancellationToken);
        }
        finally
        {
            await bus.StopAsync(CancellationToken);
        }

        return users;
    }

    /// <summary>Directory holds every user ScimApi holds, with its name, and ScimApi every user whose creation it answered 201.</summary>
    private static async Task AssertDirectoryMatchesScimApiAsync(
        RunningAppHost host, AdminApi admin, AdminApi.SignedUpOrganization organization, IReadOnlyCollection<string> created)
    {
        var scimApi = await ScimUsersAsync(host, organization.OrganizationId);
        var lost = created.Select(Guid.Parse).Where(id => !scimApi.ContainsKey(id)).ToList();
        Assert.True(lost.Count == 0, $"ScimApi lost {lost.Count} users whose creation it answered 201: {string.Join(", ", lost)}");
        Dictionary<Guid, string?> directory = [];
        await Wait.UntilAsync(async () =>
        {
            directory = await ProvisionedAsync(admin, organization);
            return directory.Count == scimApi.Count && scimApi.All(user => directory.TryGetValue(user.Key, out var name) && name == user.Value);
        }, $"Directory holds the {scimApi.Count} users ScimApi holds", TimeSpan.FromSeconds(60), CancellationToken);
    }

    /// <summary>Provisioned accounts by SCIM user id, with their display names.</summary>
    private static async Task<Dictionary<Guid, string?>> ProvisionedAsync(AdminApi admin, AdminApi.SignedUpOrganization organization) =>
        (await admin.ListAllAsync(organization, "accounts?managed=true", CancellationToken))
            .ToDictionary(a => a.GetProperty("scimUserId").GetGuid(), a => a.GetProperty("displayName").GetString());

    private static async Task<Dictionary<Guid, string?>> ScimUsersAsync(RunningAppHost host, Guid organizationId)
    {
        await using var connection = new NpgsqlConnection(await host.ConnectionStringAsync("scimdb"));
        await connection.OpenAsync(CancellationToken);
        await using var command = new NpgsqlCommand("SELECT id, resource->>'displayName' FROM scim_users WHERE organization_id = $1", connection)
        {
            Parameters = { new() { Value = organizationId } },
        };
        var users = new Dictionary<Guid, string?>();
        await using var reader = await command.ExecuteReaderAsync(CancellationToken);
        while (await reader.ReadAsync(CancellationToken))
        {
            users[reader.GetGuid(0)] = reader.IsDBNull(1) ? null : reader.GetString(1);
        }

        return users;
    }
}
