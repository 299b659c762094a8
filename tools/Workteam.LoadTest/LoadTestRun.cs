using Workteam.Contracts;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Workteam.LoadTest.Checks;
using Workteam.LoadTest.Load;
using Workteam.LoadTest.Reporting;
using Workteam.LoadTest.Scim;
using Workteam.LoadTest.Source;

namespace Workteam.LoadTest;

/// <summary>The organizations of one run and what the run has measured so far.</summary>
internal sealed class LoadTestRun
{
    private const int ExamplesPerCheck = 10;

    private readonly AdminApi _admin;
    private readonly ProgressReporter _reporter;

    private LoadTestRun(LoadTestOptions options, AdminApi admin, LoadShaper shaper, ProgressReporter reporter, IReadOnlyList<Tenant> tenants)
    {
        Options = options;
        _admin = admin;
        Shaper = shaper;
        _reporter = reporter;
        Tenants = tenants;
    }

    public LoadTestOptions Options { get; }

    public LoadShaper Shaper { get; }

    public IReadOnlyList<Tenant> Tenants { get; }

    public List<PhaseResult> Phases { get; } = [];

    public List<CheckResult> Checks { get; } = [];

    public List<Timing> Timings { get; } = [];

    public List<string> Notes { get; } = [];

    /// <summary>Called with the cycle's name when its SCIM requests are done, besides <see cref="LoadTestOptions.CycleRequestsDone"/>.</summary>
    public Action<string>? RequestsDone { get; set; }

    /// <summary>With <see cref="LoadTestOptions.AlternateDialects"/>, switches each organization to the cycle's PATCH dialect.</summary>
    public void UseDialectsOf(int cycle)
    {
        if (!Options.AlternateDialects)
        {
            return;
        }

        foreach (var tenant in Tenants)
        {
            tenant.Scim.Dialect = (tenant.Organization.Number + cycle) % 2 == 0 ? PatchDialect.Default : PatchDialect.AadOptscim062020;
        }
    }

    public static async Task<LoadTestRun> SetUpAsync(
        LoadTestOptions options, string runTag, HttpClient http, LoadShaper shaper, ProgressReporter reporter, CancellationToken cancellationToken)
    {
        reporter.Show($"setting up {options.Organizations} organizations");
        var started = Stopwatch.GetTimestamp();
        var admin = new AdminApi(http, options.Gateway);
        var tenants = await Task.WhenAll(Enumerable.Range(1, options.Organizations).Select(async number =>
        {
            var source = DirectoryGenerator.Generate(options, runTag, number);
            var organization = await admin.SetUpAsync(number, source.Domain, runTag, options.InvitationsEnabled, cancellationToken);
            return new Tenant(organization, source, Connect(http, organization, shaper, options));
        }));
        var run = new LoadTestRun(options, admin, shaper, reporter, tenants);
        run.Timings.Add(new Timing("set-up of the organizations (admin API)", Stopwatch.GetElapsedTime(started)));
        return run;
    }

    /// <summary>Something worth knowing when reading the report, such as what a cycle changed.</summary>
    public void Note(string note)
    {
        Notes.Add(note);
        _reporter.Write(note);
    }

    /// <summary>Runs one phase in every organization at once and records it.</summary>
    public async Task PhaseAsync(string name, int expectedRequests, Func<Tenant, PhaseRecorder, CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        var phase = new PhaseRecorder(name, expectedRequests);
        _reporter.Show(phase);
        phase.Start();
        await Task.WhenAll(Tenants.Select(tenant => work(tenant, phase, cancellationToken)));
        phase.Stop();
        var result = phase.Result();
        Phases.Add(result);
        _reporter.Write(string.Create(CultureInfo.InvariantCulture,
            $"{name}: {result.Requests} requests in {result.Seconds:F1} s, {result.Unexpected} unexpected"));
    }

    /// <summary>
    /// Compares ScimApi and Directory with the source after a cycle whose requests ran from
    /// <paramref name="cycleStarted"/> to <paramref name="cycleEnded"/>, and records how long Directory took.
    /// </summary>
    public async Task VerifyAsync(string cycle, long cycleStarted, long cycleEnded, CancellationToken cancellationToken)
    {
        Options.CycleRequestsDone?.Invoke(cycle);
        RequestsDone?.Invoke(cycle);
        var scimDuration = Stopwatch.GetElapsedTime(cycleStarted, cycleEnded);
        Timings.Add(new Timing($"{cycle}: SCIM requests", scimDuration));
        var left = new ConcurrentDictionary<Tenant, List<string>>();
        void Polled(Tenant tenant, List<string> mismatches)
        {
            left[tenant] = mismatches;
            var all = left.Values.SelectMany(m => m).ToList();
            _reporter.Describe($"{cycle}: waiting for Directory to apply everything, {all.Count} differences left{(all.Count > 0 ? $" ({all[0]}, …)" : "")}");
        }

        var directory = Options.VerifyDirectory
            ? Task.WhenAll(Tenants.Select(t => DirectoryStateCheck.WaitUntilEqualAsync(t, _admin, cycleEnded, Options.DirectoryTimeout, Polled, cancellationToken)))
            : null;

        var scimMismatches = new List<string>();
        var checkStarted = Stopwatch.GetTimestamp();
        await PhaseAsync($"{cycle}: read back from ScimApi", Tenants.Sum(t => ScimStateCheck.PagesToRead(t.Source)),
            async (tenant, phase, token) =>
            {
                var found = await ScimStateCheck.CompareAsync(tenant, phase, token);
                lock (scimMismatches)
                {
                    scimMismatches.AddRange(found);
                }
            }, cancellationToken);
        Checks.Add(new CheckResult($"{cycle}: ScimApi equals the source", scimMismatches.Count, scimMismatches.Take(ExamplesPerCheck).ToList(),
            Stopwatch.GetElapsedTime(checkStarted)));

        if (directory is null)
        {
            return;
        }

        _reporter.Show($"{cycle}: waiting for Directory to apply everything");
        var results = await directory;
        var mismatches = results.SelectMany(r => r.Mismatches).ToList();
        var caughtUp = results.Max(r => r.Elapsed);
        Checks.Add(new CheckResult($"{cycle}: Directory equals the source", mismatches.Count, mismatches.Take(ExamplesPerCheck).ToList(), caughtUp));
        if (mismatches.Count == 0)
        {
            Timings.Add(new Timing($"{cycle}: Directory caught up after the last SCIM response", caughtUp));
            Timings.Add(new Timing($"{cycle}: end to end including Directory", scimDuration + caughtUp));
        }

        var seconds = caughtUp.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture);
        _reporter.Write(mismatches.Count == 0
            ? $"{cycle}: Directory caught up {seconds} s after the last SCIM response"
            : $"{cycle}: Directory still differs after {seconds} s ({mismatches.Count} mismatches)");
    }

    private static ScimClient Connect(HttpClient http, ProvisionedOrganization organization, LoadShaper shaper, LoadTestOptions options)
    {
        var path = $"/scim/v2/{organization.Id}/";
        var trust = options.ScimApiUrl is null ? null
            : new ServiceTrust(options.ServiceSecret ?? throw new ArgumentException("--scim-api needs --service-secret."));
        return options.ScimApiUrl is { } scimApi
            ? new ScimClient(http, new Uri(scimApi, path), headers =>
            {
                headers.Add(ScimNames.OrganizationHeader, organization.Id.ToString());
                headers.Add(ServiceTrust.AssertionHeader, trust!.CreateAssertion(organization.Id, DateTimeOffset.UtcNow));
            }, shaper, options)
            : new ScimClient(http, new Uri(options.Gateway, path), headers => headers.Authorization = new("Bearer", organization.ScimToken), shaper, options);
    }
}
