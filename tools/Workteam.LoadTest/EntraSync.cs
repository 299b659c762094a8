using System.Globalization;
using Workteam.LoadTest.Cycles;
using Workteam.LoadTest.Load;
using Workteam.LoadTest.Reporting;

namespace Workteam.LoadTest;

/// <summary>What one incremental cycle sent and found; <see cref="RequestsDoneAt"/> is when its last SCIM request was answered.</summary>
public sealed record CycleOutcome(
    string Name,
    int Requests,
    int UnexpectedStatuses,
    int ScimMismatches,
    int DirectoryMismatches,
    IReadOnlyList<string> Examples,
    DateTimeOffset RequestsDoneAt,
    TimeSpan? DirectoryCaughtUpAfterRequests);

/// <summary>
/// An Entra-like provisioning run driven one incremental cycle at a time, for callers that do something while a
/// cycle runs (inject a fault, say): set-up, Test Connection and the initial cycle when started, then
/// <see cref="RunCycleAsync"/> as often as wanted.
/// </summary>
public sealed class EntraSync : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly LoadShaper _shaper;
    private readonly ProgressReporter _reporter;
    private readonly LoadTestRun _run;
    private readonly string _runTag;
    private int _cycles;

    private EntraSync(HttpClient http, LoadShaper shaper, ProgressReporter reporter, LoadTestRun run, string runTag)
    {
        _http = http;
        _shaper = shaper;
        _reporter = reporter;
        _run = run;
        _runTag = runTag;
    }

    public IReadOnlyList<ProvisionedOrganization> Organizations => [.. _run.Tenants.Select(t => t.Organization)];

    /// <summary>Each organization's email domain: its users' addresses and its notification address end with it.</summary>
    public IReadOnlyList<string> Domains => [.. _run.Tenants.Select(t => t.Source.Domain)];

    public static async Task<EntraSync> StartAsync(LoadTestOptions options, TextWriter progress, CancellationToken cancellationToken)
    {
        Validate(options);
        var runTag = options.RunTag ?? Guid.NewGuid().ToString("N")[..8];
        var http = new HttpClient(new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            MaxConnectionsPerServer = int.MaxValue,
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        var shaper = LoadShaper.For(options);
        var reporter = new ProgressReporter(progress);
        try
        {
            var run = await LoadTestRun.SetUpAsync(options, runTag, http, shaper, reporter, cancellationToken);
            await run.PhaseAsync("test connection", run.Tenants.Count * 2, EntraRequests.TestConnectionAsync, cancellationToken);
            await InitialCycle.RunAsync(run, cancellationToken);
            return new EntraSync(http, shaper, reporter, run, runTag);
        }
        catch
        {
            await reporter.DisposeAsync();
            shaper.Dispose();
            http.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Runs the next incremental cycle, until ScimApi and Directory were compared with the source;
    /// <paramref name="requestsDone"/> is called as soon as its SCIM requests are answered, before the comparison.
    /// </summary>
    public async Task<CycleOutcome> RunCycleAsync(Action? requestsDone, CancellationToken cancellationToken)
    {
        var cycle = ++_cycles;
        var (phases, checks) = (_run.Phases.Count, _run.Checks.Count);
        var requestsDoneAt = DateTimeOffset.UtcNow;
        _run.RequestsDone = _ =>
        {
            requestsDoneAt = DateTimeOffset.UtcNow;
            requestsDone?.Invoke();
        };
        try
        {
            await IncrementalCycle.RunAsync(_run, cycle, cancellationToken);
        }
        finally
        {
            _run.RequestsDone = null;
        }

        var name = $"cycle {cycle}";
        var cyclePhases = _run.Phases.Skip(phases).Where(p => p.Name.StartsWith($"{name}: ", StringComparison.Ordinal)
            && !p.Name.EndsWith("read back from ScimApi", StringComparison.Ordinal)).ToList();
        var cycleChecks = _run.Checks.Skip(checks).ToList();
        var directory = cycleChecks.SingleOrDefault(c => c.Name == $"{name}: Directory equals the source");
        return new CycleOutcome(
            name,
            cyclePhases.Sum(p => p.Requests),
            _run.Phases.Skip(phases).Sum(p => p.Unexpected),
            cycleChecks.Where(c => c.Name == $"{name}: ScimApi equals the source").Sum(c => c.Mismatches),
            directory?.Mismatches ?? 0,
            [.. _run.Phases.Skip(phases).SelectMany(p => p.Examples.Select(e => e.ToString())).Concat(cycleChecks.SelectMany(c => c.Examples))],
            requestsDoneAt,
            directory is { Passed: true } ? directory.Elapsed : null);
    }

    /// <summary>Everything the run measured so far.</summary>
    public LoadTestReport Report() =>
        new(Describe(_run.Options, _runTag, _cycles), _run.Phases, _run.Checks, _run.Timings, _run.Notes, Organizations);

    public async ValueTask DisposeAsync()
    {
        await _reporter.DisposeAsync();
        _shaper.Dispose();
        _http.Dispose();
    }

    private static string Describe(LoadTestOptions options, string runTag, int cycles)
    {
        var load = options.Mode == LoadMode.Closed
            ? $"closed loop, {options.Concurrency} in flight"
            : string.Create(CultureInfo.InvariantCulture, $"open loop, {options.RequestsPerSecond:F0} requests/s");
        var target = options.ScimApiUrl is null ? "through the gateway" : "straight to ScimApi";
        var dialect = options.AlternateDialects ? "both PATCH dialects in turn" : options.Dialect == PatchDialect.Default ? "default PATCH dialect" : "aadOptscim062020 PATCH dialect";
        return $"{options.Organizations} organizations × {options.Users} users, {options.Groups} groups × {options.MembersPerGroup} members, "
            + $"{cycles} incremental cycle{(cycles == 1 ? "" : "s")}, {dialect}, {load}, SCIM {target}, seed {options.Seed}, run tag {runTag}";
    }

    private static void Validate(LoadTestOptions options)
    {
        Require(options.Organizations >= 1, "at least one organization");
        Require(options.Users >= 1, "at least one user");
        Require(options.Groups >= 0 && options.MembersPerGroup >= 0, "no negative group or member counts");
        Require(options.IncrementalCycles >= 0, "no negative cycle count");
        Require(options.Concurrency >= 1, "a concurrency of at least 1");
        Require(options.RequestsPerSecond > 0, "a positive request rate");
        Require(options.MemberBatchSize >= 1, "a member batch size of at least 1");
        Require(options.ReportsPerManager >= 1, "at least one report per manager");
        Require(options.Changes.MaxDeprovisionedShare is >= 0 and < 0.2,
            "a deprovisioning budget under 20% (Directory's deprovisioning guard holds more than that)");
        Require(options.RunTag is null || options.RunTag.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'), "a run tag of letters, digits and '-'");
    }

    private static void Require(bool condition, string what)
    {
        if (!condition)
        {
            throw new ArgumentException($"A load test needs {what}.");
        }
    }
}
