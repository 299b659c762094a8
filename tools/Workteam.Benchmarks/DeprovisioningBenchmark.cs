using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Workteam.Benchmarks;

/// <summary>
/// How long a member keeps access after Entra disables them: from the SCIM 2xx of <c>PATCH active=false</c> to
/// the first 401 on <c>/api/me</c>, idle and under concurrent SCIM writes; and how fast the outbox drains after a
/// RabbitMQ outage.
/// </summary>
public static partial class DeprovisioningBenchmark
{
    private const string Password = "benchmark member password 1";

    public static async Task<int> RunAsync(int rounds, int loadConcurrency, int outageEvents)
    {
        await using var app = await BenchmarkApp.StartAsync("Gateway:Scim:RequestsPerSecond=1000000", "Gateway:Scim:Burst=1000000");
        var gatewayUrl = app.GetEndpoint("gateway", "http");
        var (organizationId, token) = await BenchmarkApp.ProvisioningReadyAsync(gatewayUrl);
        using var gateway = new HttpClient { BaseAddress = gatewayUrl };
        using var scim = new HttpClient { BaseAddress = new Uri(gatewayUrl, $"/scim/v2/{organizationId}/") };
        scim.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var mail = new HttpClient { BaseAddress = app.GetEndpoint("smtp", "http") };

        var (memberId, email) = await ProvisionMemberAsync(scim, gateway, mail);
        var idle = await MeasureAsync(scim, gateway, memberId, email, rounds);
        using var load = new CancellationTokenSource();
        var writers = Enumerable.Range(0, loadConcurrency).Select(_ => WriteLoadAsync(scim, load.Token)).ToList();
        var loaded = await MeasureAsync(scim, gateway, memberId, email, rounds);
        await load.CancelAsync();
        var writes = (await Task.WhenAll(writers)).Sum();
        var drain = await OutboxDrainAsync(app, scim, organizationId, outageEvents);

        Console.WriteLine($"Deprovisioning latency (SCIM 2xx of PATCH active=false → first 401 on /api/me), {rounds} rounds each, Local mode, {Environment.ProcessorCount} cores");
        Console.WriteLine();
        Console.WriteLine("| condition | p50 ms | p99 ms | max ms |");
        Console.WriteLine("|---|---|---|---|");
        Console.WriteLine(Row("idle", idle));
        Console.WriteLine(Row($"{loadConcurrency} concurrent SCIM writers ({writes} writes)", loaded));
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Outbox drain after a RabbitMQ outage: {drain.Events} events in {drain.Seconds:F1} s = {drain.Events / drain.Seconds:F0} events/s."));
        Console.WriteLine("Targets: p50 ≤ 100 ms idle, p99 ≤ 1 s under load.");
        return 0;
    }

    private static string Row(string condition, List<double> latencies)
    {
        var sorted = latencies.Order().ToArray();
        return string.Create(CultureInfo.InvariantCulture,
            $"| {condition} | {LoadRun.Percentile(sorted, 0.5):F0} | {LoadRun.Percentile(sorted, 0.99):F0} | {sorted[^1]:F0} |");
    }

    /// <summary>A provisioned member who accepted the invitation and set a password.</summary>
    internal static async Task<(string Id, string Email)> ProvisionMemberAsync(HttpClient scim, HttpClient gateway, HttpClient mail)
    {
        var email = $"member-{Guid.NewGuid():N}@bench.test";
        using var created = await scim.PostAsync("Users", Json($$$"""
            {"userName":"{{{email}}}","active":true,"emails":[{"type":"work","primary":true,"value":"{{{email}}}"}],"roles":[{"value":"Member"}]}
            """));
        created.EnsureSuccessStatusCode();
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;

        var code = await InvitationCodeAsync(mail, email);
        (await gateway.PostAsJsonAsync("/api/invitations/accept", new { code, password = Password })).EnsureSuccessStatusCode();
        return (id, email);
    }

    private static async Task<string> InvitationCodeAsync(HttpClient mail, string email)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var page = await mail.GetFromJsonAsync<JsonElement>("/api/messages?pageSize=500");
            foreach (var message in page.GetProperty("results").EnumerateArray().Where(m => m.GetProperty("to").GetRawText().Contains(email, StringComparison.OrdinalIgnoreCase)))
            {
                var text = await mail.GetStringAsync($"/api/messages/{message.GetProperty("id").GetString()}/plaintext");
                return InvitationLink().Match(text).Groups[1].Value;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"No invitation reached {email}.");
    }

    internal static async Task<List<double>> MeasureAsync(HttpClient scim, HttpClient gateway, string memberId, string email, int rounds)
    {
        var latencies = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            var session = await SignInAsync(gateway, email);
            using var me = new HttpRequestMessage(HttpMethod.Get, "/api/me") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", session) } };
            (await gateway.SendAsync(me)).EnsureSuccessStatusCode();

            await SetActiveAsync(scim, memberId, false);
            var disabledAt = Stopwatch.GetTimestamp();
            while (true)
            {
                using var check = new HttpRequestMessage(HttpMethod.Get, "/api/me") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", session) } };
                using var response = await gateway.SendAsync(check);
                if (response.StatusCode == HttpStatusCode.Unauthorized)
                {
                    latencies.Add(Stopwatch.GetElapsedTime(disabledAt).TotalMilliseconds);
                    break;
                }
            }

            await SetActiveAsync(scim, memberId, true);
        }

        return latencies;
    }

    /// <summary>Signs in, waiting while a reactivation is still on its way.</summary>
    private static async Task<string> SignInAsync(HttpClient gateway, string email)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            using var response = await gateway.PostAsJsonAsync("/api/sessions", new { email, password = Password });
            if (response.IsSuccessStatusCode)
            {
                return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{email} could not sign in: {response.StatusCode}.");
            }

            await Task.Delay(20);
        }
    }

    private static async Task SetActiveAsync(HttpClient scim, string memberId, bool active)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"Users/{memberId}")
        {
            Content = Json($$$"""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"active","value":{{{(active ? "true" : "false")}}}}]}"""),
        };
        (await scim.SendAsync(request)).EnsureSuccessStatusCode();
    }

    private static async Task<int> WriteLoadAsync(HttpClient scim, CancellationToken cancellationToken)
    {
        var writes = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var userName = $"load-{Guid.NewGuid():N}@bench.test";
            using var response = await scim.PostAsync("Users", Json($$"""{"userName":"{{userName}}","active":true}"""), CancellationToken.None);
            writes++;
        }

        return writes;
    }

    /// <summary>Stops RabbitMQ, writes users, starts it and times until every outbox row is sent.</summary>
    private static async Task<(int Events, double Seconds)> OutboxDrainAsync(DistributedApplication app, HttpClient scim, Guid organizationId, int events)
    {
        var commands = app.Services.GetRequiredService<ResourceCommandService>();
        await commands.ExecuteCommandAsync("messaging", KnownResourceCommands.StopCommand);
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async worker =>
        {
            for (var i = worker; i < events; i += 8)
            {
                using var response = await scim.PostAsync("Users", Json($$"""{"userName":"outage-{{Guid.NewGuid():N}}@bench.test","active":true}"""));
                response.EnsureSuccessStatusCode();
            }
        }));

        await using var connection = new NpgsqlConnection(await app.GetConnectionStringAsync("scimdb"));
        await connection.OpenAsync();
        async Task<long> UnsentAsync()
        {
            await using var command = new NpgsqlCommand("SELECT count(*) FROM outbox_messages WHERE sent_at IS NULL", connection);
            return (long)(await command.ExecuteScalarAsync())!;
        }

        var waiting = await UnsentAsync();
        await commands.ExecuteCommandAsync("messaging", KnownResourceCommands.StartCommand);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("messaging");
        var started = Stopwatch.GetTimestamp();
        while (await UnsentAsync() > 0)
        {
            await Task.Delay(20);
        }

        return ((int)waiting, Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/scim+json");

    [GeneratedRegex(@"/invitations#(\S+)")]
    private static partial Regex InvitationLink();
}
