using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Npgsql;
using Workteam.Benchmarks.Load;
using Workteam.LoadTest;

namespace Workteam.Benchmarks;

/// <summary>
/// What the provisioning activity costs: SCIM creates through the gateway with recording on and off (each run in an
/// app of its own, measured until Directory has applied every create), and the activity API's answer times for an
/// organization with many rows.
/// </summary>
public static class ActivityBenchmark
{
    public static async Task<int> RunAsync(int seconds, int concurrency, int rows)
    {
        var duration = TimeSpan.FromSeconds(seconds);
        var withActivity = await CreatesAsync(recording: true, duration, concurrency, rows);
        var without = await CreatesAsync(recording: false, duration, concurrency, rows: 0);

        Console.WriteLine($"## Provisioning activity ({Environment.ProcessorCount} cores, {concurrency} in flight, {seconds} s per phase)");
        Console.WriteLine();
        Console.WriteLine("| SCIM creates through the gateway | per second | p50 ms | p99 ms | CPU ms per create, all processes (until Directory caught up) |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var (name, run) in new[] { ("activity recorded", withActivity), ("activity off (`Directory:Activity:Enabled=false`)", without) })
        {
            Console.WriteLine($"| {name} | {run.Creates.PerSecond:F0} | {run.Creates.P50Milliseconds:F1} | {run.Creates.P99Milliseconds:F1} | {run.CpuPerCreate:F2} |");
        }

        var cost = 1 - withActivity.Creates.PerSecond / without.Creates.PerSecond;
        Console.WriteLine();
        Console.WriteLine($"Recording costs {cost:P1} of the creates per second (target: at most 10%), "
            + $"{withActivity.CpuPerCreate - without.CpuPerCreate:F3} ms of CPU per create.");
        Console.WriteLine();
        Console.WriteLine($"| activity API, one organization with {withActivity.Rows:N0} rows | p50 ms | p95 ms | rows |");
        Console.WriteLine("|---|---|---|---|");
        foreach (var page in withActivity.Pages)
        {
            Console.WriteLine($"| {page.Name} | {page.P50:F1} | {page.P95:F1} | {page.Items} |");
        }

        var slow = withActivity.Pages.Where(p => p.P50 > 50).Select(p => p.Name).ToList();
        Console.WriteLine();
        Console.WriteLine(slow.Count == 0 ? "Every page answered within 50 ms p50." : $"Over 50 ms p50: {string.Join(", ", slow)}.");
        return cost <= 0.10 && slow.Count == 0 ? 0 : 1;
    }

    private sealed record Run(RateFigure Creates, double CpuPerCreate, int Rows, IReadOnlyList<RequestTiming> Pages);

    private static async Task<Run> CreatesAsync(bool recording, TimeSpan duration, int concurrency, int rows)
    {
        Console.Error.WriteLine($"Starting the app with activity {(recording ? "on" : "off")}");
        await using var app = await BenchmarkApp.StartAsync(
            "Gateway:Scim:RequestsPerSecond=1000000", "Gateway:Scim:Burst=1000000", $"Directory:Activity:Enabled={recording}");
        var gatewayUrl = app.GetEndpoint("gateway", "http");
        var directory = (await app.GetConnectionStringAsync("directorydb"))!;
        var quiet = new Quiescence((await app.GetConnectionStringAsync("scimdb"))!, directory);
        using var http = new HttpClient();
        var run = Guid.NewGuid().ToString("N");
        var organization = await new AdminApi(http, gatewayUrl).SetUpAsync(1, $"activity-{run}.test", run[..8], invitationsEnabled: false, CancellationToken.None);
        using var scim = ScimWrites.ThroughGateway(gatewayUrl, organization.Id, organization.ScimToken);
        await LoadRun.RunAsync("warm-up", TimeSpan.FromSeconds(10), concurrency, ScimWrites.CreateUser(scim));
        await quiet.WaitAsync(TimeSpan.FromMinutes(5));

        var before = ProcessCpu.SampleSeconds();
        var creates = RateFigure.From(await LoadRun.RunAsync("creates", duration, concurrency, ScimWrites.CreateUser(scim)));
        await quiet.WaitAsync(TimeSpan.FromMinutes(5));
        var cpu = ProcessCpu.Between(before, ProcessCpu.SampleSeconds()).Values.Sum() * 1000 / Math.Max(1, creates.Requests);
        if (rows == 0)
        {
            return new Run(creates, cpu, 0, []);
        }

        var total = await SeedAsync(directory, organization.Id, rows);
        using var admin = new AdminRequestTimer(gatewayUrl, organization.AdminAccessToken);
        return new Run(creates, cpu, total, await PagesAsync(admin, organization.Id));
    }

    /// <summary>
    /// Adds rows to one organization's activity in one statement: the mix of a month of provisioning (one in 20 a
    /// failure, subjects like userNames, spread over 30 days), then ANALYZE, as autovacuum would after such a load.
    /// </summary>
    private static async Task<int> SeedAsync(string connectionString, Guid organizationId, int rows)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var seed = new NpgsqlCommand("""
            INSERT INTO provisioning_activity (id, organization_id, at, operation, resource_type, scim_id, subject, status, detail, outcome, source, recorded_at)
            SELECT gen_random_uuid(), @organization, now() - (i * interval '30 days' / @rows), 'Create user', 'User', gen_random_uuid(),
                   'seeded' || i || '@contoso.test', CASE WHEN i % 20 = 0 THEN 409 ELSE 201 END,
                   CASE WHEN i % 20 = 0 THEN 'userName is already taken' END,
                   CASE WHEN i % 20 = 0 THEN 'Refused' ELSE 'Applied' END, 'Event', now()
            FROM generate_series(1, @rows) AS i
            """, connection))
        {
            seed.Parameters.AddWithValue("organization", organizationId);
            seed.Parameters.AddWithValue("rows", rows);
            seed.CommandTimeout = 600;
            await seed.ExecuteNonQueryAsync();
        }

        await using (var analyze = new NpgsqlCommand("ANALYZE provisioning_activity", connection))
        {
            await analyze.ExecuteNonQueryAsync();
        }

        await using var count = new NpgsqlCommand("SELECT count(*) FROM provisioning_activity WHERE organization_id = @organization", connection);
        count.Parameters.AddWithValue("organization", organizationId);
        return (int)(long)(await count.ExecuteScalarAsync())!;
    }

    private static async Task<IReadOnlyList<RequestTiming>> PagesAsync(AdminRequestTimer admin, Guid organizationId)
    {
        var path = $"/api/organizations/{organizationId}/provisioning/activity";
        return
        [
            await admin.TimeApiAsync("first page", path),
            // A cursor a thousand rows in: what an admin reaches by paging on.
            await admin.TimeApiAsync("a page 1,000 rows in", await admin.ApiCursorAsync(path, 20)),
            await admin.TimeApiAsync("failures only", $"{path}?failed=true"),
            await admin.TimeApiAsync("search by subject (`q=seeded4242`)", $"{path}?q=seeded4242"),
            await admin.TimeApiAsync("one day, a week ago", $"{path}?from={Day(-8)}&to={Day(-7)}"),
        ];
    }

    private static string Day(int days) => DateTime.UtcNow.Date.AddDays(days).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
