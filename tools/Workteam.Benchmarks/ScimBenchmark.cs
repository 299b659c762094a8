using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Workteam.Benchmarks.Load;

namespace Workteam.Benchmarks;

/// <summary>
/// SCIM create, filter-by-userName and PATCH through the gateway with 10,000 and with a large number of users in
/// one organization; adding one member to a 100,000-member group; reading that group without its members.
/// </summary>
public static class ScimBenchmark
{
    private const int SmallTenant = 10_000;
    private const int BigGroupMembers = 100_000;

    public static async Task<int> RunAsync(TimeSpan duration, int concurrency, int largeTenant)
    {
        await using var app = await BenchmarkApp.StartAsync("Gateway:Scim:RequestsPerSecond=1000000", "Gateway:Scim:Burst=1000000");
        var gatewayUrl = app.GetEndpoint("gateway", "http");
        // Without invitations: the creates would otherwise queue thousands of emails that Directory, Notifier and
        // smtp4dev work through on the same cores while the next phases are measured.
        var (organizationId, token) = await BenchmarkApp.ProvisioningReadyAsync(gatewayUrl, invitations: false);
        var scimConnection = (await app.GetConnectionStringAsync("scimdb"))!;
        var seed = new ScimBenchmarkSeed(scimConnection, organizationId);
        var quiet = new Quiescence(scimConnection, (await app.GetConnectionStringAsync("directorydb"))!);
        using var scim = new HttpClient { BaseAddress = new Uri(gatewayUrl, $"/scim/v2/{organizationId}/") };
        scim.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var rows = new List<(string Scenario, LoadResult Result)>();
        var seeded = 0L;
        foreach (var users in new[] { SmallTenant, largeTenant })
        {
            Console.Error.WriteLine($"Seeding {users:N0} users…");
            await seed.AddUsersAsync(seeded + 1, users);
            seeded = users;
            var ids = await IdsAsync(scim, 200);
            var tenant = $"{users:N0} users";
            await LoadRun.RunAsync("warm-up", TimeSpan.FromSeconds(3), concurrency, () => FilterAsync(scim, seeded));
            // Each phase starts once Directory has applied what the one before caused.
            await quiet.WaitAsync(TimeSpan.FromMinutes(5));
            rows.Add((tenant, await LoadRun.RunAsync("create", duration, concurrency, () => CreateAsync(scim))));
            await quiet.WaitAsync(TimeSpan.FromMinutes(5));
            rows.Add((tenant, await LoadRun.RunAsync("filter userName eq", duration, concurrency, () => FilterAsync(scim, seeded))));
            rows.Add((tenant, await LoadRun.RunAsync("PATCH replace displayName", duration, concurrency, () => PatchAsync(scim, ids))));
            await quiet.WaitAsync(TimeSpan.FromMinutes(5));
        }

        Console.Error.WriteLine($"Seeding a group of {BigGroupMembers:N0} members…");
        var bigGroup = await CreateGroupAsync(scim);
        var emptyGroup = await CreateGroupAsync(scim);
        await seed.AddMembersAsync(bigGroup, BigGroupMembers);
        var newcomers = new Queue<Guid>(await seed.NonMembersAsync(bigGroup, 20_000));
        var groups = $"group of {BigGroupMembers:N0}";
        await quiet.WaitAsync(TimeSpan.FromMinutes(5));
        // One request at a time: the latency of a single member add, not a queue of them on one locked group.
        rows.Add((groups, await LoadRun.RunAsync("PATCH add 1 member", duration, 1, () => AddMemberAsync(scim, bigGroup, newcomers))));
        rows.Add((groups, await LoadRun.RunAsync("GET excludedAttributes=members", duration, concurrency, () => GetGroupAsync(scim, bigGroup))));
        rows.Add(("empty group", await LoadRun.RunAsync("GET excludedAttributes=members", duration, concurrency, () => GetGroupAsync(scim, emptyGroup))));

        Console.WriteLine($"SCIM through the gateway, {concurrency} in flight (member adds: 1), {duration.TotalSeconds:F0} s each, Local mode, {Environment.ProcessorCount} cores");
        Console.WriteLine();
        Console.WriteLine("| tenant | operation | requests/s | p50 ms | p99 ms | failures |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var (scenario, result) in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {scenario} | {result.Name} | {result.RequestsPerSecond:F0} | {result.P50Milliseconds:F2} | {result.P99Milliseconds:F2} | {result.Failures} |"));
        }

        Console.WriteLine();
        foreach (var operation in rows.Take(3).Select(r => r.Result.Name))
        {
            var small = rows.First(r => r.Result.Name == operation).Result;
            var large = rows.Last(r => r.Result.Name == operation && r.Scenario != groups && r.Scenario != "empty group").Result;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{operation}: p50 at {largeTenant:N0} users is {large.P50Milliseconds / small.P50Milliseconds:F2}× the p50 at {SmallTenant:N0} (target ≤ 1.2×)."));
        }

        return rows.Sum(r => r.Result.Failures) == 0 ? 0 : 1;
    }

    private static async Task<bool> CreateAsync(HttpClient scim)
    {
        var userName = $"bench-{Guid.NewGuid():N}@bench.test";
        using var response = await scim.PostAsync("Users", Json($$$"""
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"{{{userName}}}","active":true,"displayName":"Bench User",
             "emails":[{"primary":true,"type":"work","value":"{{{userName}}}"}],"name":{"givenName":"Bench","familyName":"User"}}
            """));
        return (int)response.StatusCode == 201;
    }

    private static async Task<bool> FilterAsync(HttpClient scim, long seeded)
    {
        var userName = ScimBenchmarkSeed.UserName(Random.Shared.NextInt64(1, seeded + 1));
        using var response = await scim.GetAsync($"Users?filter={Uri.EscapeDataString($"userName eq \"{userName.ToUpperInvariant()}\"")}");
        return response.IsSuccessStatusCode && (await response.Content.ReadAsStringAsync()).Contains("\"totalResults\":1", StringComparison.Ordinal);
    }

    private static async Task<bool> PatchAsync(HttpClient scim, IReadOnlyList<string> ids)
    {
        var id = ids[Random.Shared.Next(ids.Count)];
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"Users/{id}")
        {
            Content = Json($$$"""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","path":"displayName","value":"Renamed {{{Guid.NewGuid():N}}}"}]}"""),
        };
        using var response = await scim.SendAsync(request);
        return response.IsSuccessStatusCode;
    }

    private static async Task<bool> AddMemberAsync(HttpClient scim, Guid group, Queue<Guid> newcomers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"Groups/{group}")
        {
            Content = Json($$$"""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Add","path":"members","value":[{"value":"{{{newcomers.Dequeue()}}}"}]}]}"""),
        };
        using var response = await scim.SendAsync(request);
        return (int)response.StatusCode == 204;
    }

    private static async Task<bool> GetGroupAsync(HttpClient scim, Guid group)
    {
        using var response = await scim.GetAsync($"Groups/{group}?excludedAttributes=members");
        return response.IsSuccessStatusCode;
    }

    private static async Task<Guid> CreateGroupAsync(HttpClient scim)
    {
        using var response = await scim.PostAsync("Groups", Json($$"""{"displayName":"Bench group {{Guid.NewGuid():N}}"}"""));
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid();
    }

    private static async Task<List<string>> IdsAsync(HttpClient scim, int count)
    {
        using var response = await scim.GetAsync($"Users?count={count}&attributes=id");
        response.EnsureSuccessStatusCode();
        using var list = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return [.. list.RootElement.GetProperty("Resources").EnumerateArray().Select(r => r.GetProperty("id").GetString()!)];
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/scim+json");
}
