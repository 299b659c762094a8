namespace Workteam.Testing.Faults;

/// <summary>The size of the Entra-like workload the faults strike, and how long recovery may take.</summary>
public sealed record FaultMatrixSettings
{
    public int Organizations { get; init; } = 3;

    public int Users { get; init; } = 200;

    public int Groups { get; init; } = 8;

    public int MembersPerGroup { get; init; } = 20;

    /// <summary>SCIM requests in flight, across the organizations.</summary>
    public int Concurrency { get; init; } = 8;

    /// <summary>The short version the test suite runs: one organization, a small one.</summary>
    public static FaultMatrixSettings Short { get; } = new()
    {
        Organizations = 1,
        Users = 60,
        Groups = 4,
        MembersPerGroup = 10,
        Concurrency = 4,
    };

    public TimeSpan FreezeFor { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a killed resource may take to be healthy again.</summary>
    public TimeSpan RecoveryTimeout { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>How long Directory, Notifier and the mails may take to catch up after a cycle's last request.</summary>
    public TimeSpan CatchUpTimeout { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>
    /// The app settings of a matrix run: no deprovisioning guard (every cycle disables and deletes members), a
    /// digest at most every 5 s (each cycle's failures reach the organization before the next cycle), and email
    /// retries at most 10 s apart (a mail delayed by a dead SMTP server goes out soon after it is back).
    /// </summary>
    public static string[] AppSettings(int replicas) =>
    [
        "Directory:DeprovisioningGuard:MinimumActions=1000000",
        "Notifier:DigestWindow=00:00:05",
        "Notifier:DigestPollInterval=00:00:01",
        "Notifier:EmailRetry:MaxDelay=00:00:10",
        $"Workteam:Replicas={replicas}",
    ];
}
