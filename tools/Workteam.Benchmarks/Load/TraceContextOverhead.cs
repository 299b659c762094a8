using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Npgsql;

namespace Workteam.Benchmarks.Load;

/// <summary>SCIM creates through the gateway in one setting of <c>Outbox:CarryTraceContext</c>, all its rounds together.</summary>
public sealed record TraceContextMode(
    double CreatesPerSecond, double P50Milliseconds, double P99Milliseconds, int Creates, int Failures,
    double AppCpuMillisecondsPerCreate, IReadOnlyDictionary<string, double> CpuMillisecondsPerCreate);

/// <summary>What carrying the trace context through the outbox (decision 0020) costs per create.</summary>
public sealed record TraceContextOverheadFigure(
    int Rounds, double SecondsPerRound, TraceContextMode Carried, TraceContextMode NotCarried, IReadOnlyList<double> RoundCpuOverheadPercents)
{
    /// <summary>
    /// The median of each round's own overhead (carried against not carried in the same round, run back to back):
    /// a round that a slow spell of the shared machine fell on moves it less than it moves the pooled figure.
    /// </summary>
    public double MedianRoundCpuOverheadPercent
    {
        get
        {
            var sorted = RoundCpuOverheadPercents.Order().ToList();
            return (sorted[(sorted.Count - 1) / 2] + sorted[sorted.Count / 2]) / 2;
        }
    }

    /// <summary>The mean of the rounds' own overheads.</summary>
    public double MeanRoundCpuOverheadPercent => RoundCpuOverheadPercents.Average();

    /// <summary>Two standard errors of <see cref="MeanRoundCpuOverheadPercent"/>: about a 95% interval around it.</summary>
    public double MeanRoundCpuOverheadTwoStandardErrors
    {
        get
        {
            var n = RoundCpuOverheadPercents.Count;
            if (n < 2)
            {
                return double.NaN;
            }

            var mean = MeanRoundCpuOverheadPercent;
            var variance = RoundCpuOverheadPercents.Sum(p => (p - mean) * (p - mean)) / (n - 1);
            return 2 * Math.Sqrt(variance / n);
        }
    }

    /// <summary>The app's extra CPU per create with the context carried, in % of its CPU per create without.</summary>
    public double CpuOverheadPercent => 100 * (Carried.AppCpuMillisecondsPerCreate / NotCarried.AppCpuMillisecondsPerCreate - 1);

    /// <summary>The change of creates per second with the context carried, in % of the rate without (negative: slower).</summary>
    public double ThroughputChangePercent => 100 * (Carried.CreatesPerSecond / NotCarried.CreatesPerSecond - 1);
}

/// <summary>
/// Creates users through the gateway with the trace context carried and not carried, switched in ScimApi's runtime
/// settings file (no restart), in alternating rounds (on-off, off-on, …) so that the drift of a shared machine
/// falls on both alike. The CPU of each round counts until the app is idle again, so the relay's and Directory's
/// share is in it. The app of this phase exports its traces, metrics and logs as it does to the Aspire dashboard
/// (to an <see cref="OtlpSink"/>): without a collector no request has a trace context, so there is nothing to carry.
/// </summary>
public sealed class TraceContextOverhead(
    string runtimeSettingsFile, string scimConnectionString, string directoryConnectionString, string superuserConnectionString, Quiescence quiet)
{
    public const string OnlyName = "trace-overhead";

    /// <summary>
    /// The parts of the CPU table that are not the app: the load itself (with the OTLP sink), Aspire's orchestrator and
    /// the development mail server (no invitations are sent here; it only idles).
    /// </summary>
    public static readonly string[] NotTheApp = ["load generator", "orchestrator", "smtp4dev"];

    /// <summary>The phase in an app of its own that exports its telemetry: start-up, a warm-up through the gateway, the rounds.</summary>
    public static async Task<TraceContextOverheadFigure> RunAsync(ProvisioningLoadSettings settings, Action<string> progress)
    {
        progress("an app that exports its telemetry, for the trace context's overhead");
        await using var sink = new OtlpSink();
        var runtimeSettings = Path.Combine(Directory.CreateTempSubdirectory("workteam-bench-settings-").FullName, "scimapi.json");
        await File.WriteAllTextAsync(runtimeSettings, "{}");
        await using var app = await ProvisioningLoadBenchmark.StartAppAsync(settings, sink.Endpoint, $"Workteam:RuntimeSettingsFile={runtimeSettings}");
        var gatewayUrl = app.GetEndpoint("gateway", "http");
        var scimConnection = (await app.GetConnectionStringAsync("scimdb"))!;
        var directoryConnection = (await app.GetConnectionStringAsync("directorydb"))!;
        var superuserConnection = (await app.GetConnectionStringAsync("postgres"))!;
        var quiet = new Quiescence(scimConnection, directoryConnection);
        var (organizationId, token) = await BenchmarkApp.ProvisioningReadyAsync(gatewayUrl, invitations: false);
        using var throughGateway = ScimWrites.ThroughGateway(gatewayUrl, organizationId, token);
        await LoadRun.RunAsync("warm-up", TimeSpan.FromSeconds(10), settings.Concurrency, ScimWrites.CreateUser(throughGateway));
        await quiet.WaitAsync(TimeSpan.FromMinutes(5));
        progress("SCIM creates through the gateway with and without the trace context");
        return await new TraceContextOverhead(runtimeSettings, scimConnection, directoryConnection, superuserConnection, quiet)
            .MeasureAsync(throughGateway, settings.TraceRounds, TimeSpan.FromSeconds(settings.TraceSeconds), settings.Concurrency);
    }

    public async Task<TraceContextOverheadFigure> MeasureAsync(HttpClient scim, int rounds, TimeSpan perRound, int concurrency)
    {
        var runs = new Dictionary<bool, List<(RateFigure Rate, IReadOnlyDictionary<string, double> Cpu)>> { [true] = [], [false] = [] };
        // Autovacuum would wake in whichever round crosses its thresholds; each round starts vacuumed instead.
        await ExecuteAsync(superuserConnectionString, "ALTER SYSTEM SET autovacuum = off");
        await ExecuteAsync(superuserConnectionString, "SELECT pg_reload_conf()");
        try
        {
            for (var round = 0; round < rounds; round++)
            {
                foreach (var carried in round % 2 == 0 ? new[] { true, false } : new[] { false, true })
                {
                    await SwitchAsync(scim, carried);
                    await quiet.WaitAsync(TimeSpan.FromMinutes(5));
                    await VacuumAsync();
                    var run = await ProvisioningLoadBenchmark.WithCpuAsync(quiet, () => LoadRun.RunAsync(
                        carried ? "trace context carried" : "trace context not carried", perRound, concurrency, ScimWrites.CreateUser(scim)));
                    runs[carried].Add(run);
                    Console.Error.WriteLine($"round {round + 1}, {(carried ? "carried" : "not carried")}: {run.Result.PerSecond:F0}/s; CPU ms per create: "
                        + string.Join(", ", run.CpuMillisecondsPerRequest.Select(p => $"{p.Key} {p.Value:F2}")));
                }
            }
        }
        finally
        {
            await ExecuteAsync(superuserConnectionString, "ALTER SYSTEM RESET autovacuum");
            await ExecuteAsync(superuserConnectionString, "SELECT pg_reload_conf()");
        }

        // The rest of the run as the app is configured.
        await SwitchAsync(scim, carried: true);
        var roundOverheads = Enumerable.Range(0, rounds)
            .Select(round => 100 * (AppCpuPerCreate(runs[true][round].Cpu) / AppCpuPerCreate(runs[false][round].Cpu) - 1)).ToList();
        return new TraceContextOverheadFigure(rounds, perRound.TotalSeconds, Mode(runs[true]), Mode(runs[false]), roundOverheads);
    }

    private static TraceContextMode Mode(List<(RateFigure Rate, IReadOnlyDictionary<string, double> Cpu)> runs)
    {
        var creates = runs.Sum(r => r.Rate.Requests);
        var seconds = runs.Sum(r => r.Rate.Requests / r.Rate.PerSecond);
        // Each round's figures are per its own requests; weighted by them, they add up to the whole mode's.
        var cpu = runs.SelectMany(r => r.Cpu.Select(p => (p.Key, Milliseconds: p.Value * Math.Max(1, r.Rate.Requests))))
            .GroupBy(p => p.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(p => p.Milliseconds) / Math.Max(1, creates), StringComparer.Ordinal);
        double Median(Func<RateFigure, double> figure) => runs.Select(r => figure(r.Rate)).Order().ElementAt(runs.Count / 2);
        return new TraceContextMode(
            creates / seconds, Median(r => r.P50Milliseconds), Median(r => r.P99Milliseconds), creates, runs.Sum(r => r.Rate.Failures),
            AppCpuPerCreate(cpu), new SortedDictionary<string, double>(cpu, StringComparer.Ordinal));
    }

    private static double AppCpuPerCreate(IReadOnlyDictionary<string, double> cpu) => cpu.Where(p => !NotTheApp.Contains(p.Key)).Sum(p => p.Value);

    /// <summary>
    /// Writes the setting (in one step, a rename) and waits until ScimApi has taken it up: a probe create's outbox
    /// row has a traceparent exactly when the context is carried.
    /// </summary>
    private async Task SwitchAsync(HttpClient scim, bool carried)
    {
        var written = runtimeSettingsFile + ".new";
        await File.WriteAllTextAsync(written, $$$"""{"Outbox":{"CarryTraceContext":{{{(carried ? "true" : "false")}}}}}""");
        File.Move(written, runtimeSettingsFile, overwrite: true);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await ScimWrites.CreateUser(scim)() || await NewestRowCarriesTraceAsync() != carried)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"ScimApi did not take up Outbox:CarryTraceContext={carried} from {runtimeSettingsFile} within 30 s.");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>
    /// Vacuums both service databases and then checkpoints before a round: otherwise autovacuum, woken by the creates
    /// of earlier rounds, and the checkpoint that flushes their pages run in whichever round they happen to fall in,
    /// and their CPU outweighs what is being measured.
    /// </summary>
    private async Task VacuumAsync()
    {
        foreach (var connectionString in new[] { scimConnectionString, directoryConnectionString })
        {
            await ExecuteAsync(connectionString, "VACUUM (ANALYZE)");
        }

        await ExecuteAsync(superuserConnectionString, "CHECKPOINT");
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 300 };
        await command.ExecuteNonQueryAsync();
    }

    private async Task<bool> NewestRowCarriesTraceAsync()
    {
        await using var connection = new NpgsqlConnection(scimConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT trace_parent IS NOT NULL FROM outbox_messages ORDER BY id DESC LIMIT 1", connection);
        return (bool)(await command.ExecuteScalarAsync())!;
    }
}
