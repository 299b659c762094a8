using Workteam.LoadTest.Load;

namespace Workteam.LoadTest;

/// <summary>How PATCH requests are shaped: Entra's default, or with the <c>aadOptscim062020</c> feature flag.</summary>
public enum PatchDialect
{
    Default,
    AadOptscim062020,
}

public enum LoadMode
{
    /// <summary><see cref="LoadTestOptions.Concurrency"/> requests in flight, each sent as soon as another ends.</summary>
    Closed,

    /// <summary>Requests start on a fixed schedule (<see cref="LoadTestOptions.RequestsPerSecond"/>), whatever is still in flight.</summary>
    Open,
}

/// <summary>What one incremental cycle changes in each organization's source directory.</summary>
public sealed record ChangeRates
{
    /// <summary>Share of the users whose profile changes (title, department, phone, name, manager, ...).</summary>
    public double Updates { get; init; } = 0.10;

    /// <summary>Share of the active users Entra disables (<c>active=false</c>).</summary>
    public double Disables { get; init; } = 0.03;

    /// <summary>Share of the disabled users Entra enables again.</summary>
    public double Enables { get; init; } = 0.30;

    /// <summary>Share of the users hard-deleted (DELETE).</summary>
    public double Deletes { get; init; } = 0.01;

    /// <summary>New users, as a share of the users.</summary>
    public double Joiners { get; init; } = 0.02;

    /// <summary>Members added to and removed from each group, each as a share of the group's members.</summary>
    public double MembershipChanges { get; init; } = 0.10;

    /// <summary>
    /// At most this share of an organization's users is ever disabled or deleted while active within one run:
    /// Directory holds deprovisionings above 20% of the active members per hour (the deprovisioning guard).
    /// </summary>
    public double MaxDeprovisionedShare { get; init; } = 0.15;
}

/// <summary>Everything a load test run does; the defaults are a small run.</summary>
public sealed record LoadTestOptions
{
    /// <summary>The Workteam gateway: admin API and, unless <see cref="ScimApiUrl"/> is set, SCIM.</summary>
    public required Uri Gateway { get; init; }

    /// <summary>
    /// When set, SCIM requests go straight to ScimApi with the organization header and the signed assertion the
    /// gateway would add, made with <see cref="ServiceSecret"/>.
    /// </summary>
    public Uri? ScimApiUrl { get; init; }

    /// <summary>The deployment's service secret (the app host's <c>service-secret</c> parameter), for <see cref="ScimApiUrl"/>.</summary>
    public string? ServiceSecret { get; init; }

    public int Organizations { get; init; } = 2;

    /// <summary>Users per organization in the initial cycle.</summary>
    public int Users { get; init; } = 500;

    /// <summary>Groups per organization.</summary>
    public int Groups { get; init; } = 10;

    public int MembersPerGroup { get; init; } = 20;

    /// <summary>Direct reports per manager in the generated hierarchy.</summary>
    public int ReportsPerManager { get; init; } = 8;

    public int IncrementalCycles { get; init; } = 2;

    public PatchDialect Dialect { get; init; } = PatchDialect.Default;

    public LoadMode Mode { get; init; } = LoadMode.Closed;

    /// <summary>Requests in flight in closed-loop mode, across all organizations.</summary>
    public int Concurrency { get; init; } = 16;

    /// <summary>Requests started per second in open-loop mode, across all organizations.</summary>
    public double RequestsPerSecond { get; init; } = 200;

    /// <summary>Member values per PATCH operation when Entra adds or removes group members.</summary>
    public int MemberBatchSize { get; init; } = 50;

    /// <summary>The source directories depend only on the seed and <see cref="RunTag"/>.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>
    /// Part of every email domain: emails are unique across all of Workteam, so runs against the same app need
    /// different tags. Null picks a random one.
    /// </summary>
    public string? RunTag { get; init; }

    /// <summary>Whether Directory emails every provisioned member an invitation.</summary>
    public bool InvitationsEnabled { get; init; }

    public ChangeRates Changes { get; init; } = new();

    /// <summary>Whether to compare Directory's accounts and teams with the source (after the initial cycle and at the end).</summary>
    public bool VerifyDirectory { get; init; } = true;

    /// <summary>Called with the cycle's name when its SCIM requests are done, before its state is read back and compared.</summary>
    public Action<string>? CycleRequestsDone { get; init; }

    /// <summary>How long to wait for Directory to apply everything before reporting what still differs.</summary>
    public TimeSpan DirectoryTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Entra gives up on a request after about 60 s.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How often a 429 is retried after its Retry-After before it counts as unexpected.</summary>
    public int ThrottleRetries { get; init; } = 3;

    /// <summary>
    /// Retries as Entra does when Workteam fails: a 5xx, a 429 or no answer is sent again after a short back-off
    /// (a 429 after its Retry-After) until it is answered otherwise or <see cref="RetryFor"/> has passed.
    /// </summary>
    public bool RetryUntilAnswered { get; init; }

    /// <summary>How long <see cref="RetryUntilAnswered"/> keeps re-sending one request.</summary>
    public TimeSpan RetryFor { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>When set, every request is recorded there with the answer it finally got and how often it was re-sent.</summary>
    public RequestJournal? Journal { get; init; }

    /// <summary>
    /// Both PATCH dialects in one run: organization n uses the default one in the cycles where n plus the cycle's
    /// number is even (the initial cycle is 0), the <c>aadOptscim062020</c> one in the others.
    /// </summary>
    public bool AlternateDialects { get; init; }

    /// <summary>
    /// An app role value new users of incremental cycles get. One Workteam does not know (say "Contributor") makes
    /// Directory report a provisioning failure for each of them, which reaches the organization in a failure digest;
    /// the member is still provisioned, as a Member.
    /// </summary>
    public string? JoinerRole { get; init; }

    /// <summary>
    /// Whether the app runs with Directory's deprovisioning guard out of reach
    /// (<c>Directory:DeprovisioningGuard:MinimumActions</c> above any run): then every cycle disables and deletes
    /// at its rates, without <see cref="ChangeRates.MaxDeprovisionedShare"/>'s budget.
    /// </summary>
    public bool DeprovisioningGuardOff { get; init; }
}
