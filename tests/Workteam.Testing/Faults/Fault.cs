namespace Workteam.Testing.Faults;

public enum FaultKind
{
    /// <summary><c>kill -9</c> of the resource's process, then the start command an operator gives from the dashboard.</summary>
    KillAndRestart,

    /// <summary><c>SIGSTOP</c>, then <c>SIGCONT</c> once <see cref="FaultMatrixSettings.FreezeFor"/> has passed: a hung process, not a dead one.</summary>
    Freeze,

    /// <summary><c>kill -9</c> of one replica of a service run with <c>Workteam:Replicas=2</c>, not restarted.</summary>
    KillReplica,
}

/// <summary>When in an incremental cycle a fault strikes.</summary>
public enum FaultMoment
{
    /// <summary>While Entra sends the cycle's changes (after a quarter of the previous cycle's requests).</summary>
    WhileEntraWrites,

    /// <summary>As soon as the cycle's last change is answered, while Directory applies the events.</summary>
    WhileDirectoryCatchesUp,
}

/// <summary>One fault of the matrix: what happens to which app host resource, and when.</summary>
public sealed record Fault(FaultKind Kind, string Resource, FaultMoment Moment)
{
    public override string ToString()
    {
        var what = Kind switch
        {
            FaultKind.KillAndRestart => $"kill -9 {Describe(Resource)}, restart",
            FaultKind.Freeze => $"SIGSTOP {Describe(Resource)}, SIGCONT",
            _ => $"kill -9 {Describe(Resource)}, no restart",
        };
        return $"{what} ({(Moment == FaultMoment.WhileEntraWrites ? "during writes" : "during catch-up")})";
    }

    private static string Describe(string resource) => resource switch
    {
        "postgres" => "PostgreSQL",
        "messaging" => "RabbitMQ",
        "smtp" => "smtp4dev",
        "scimapi" => "ScimApi",
        "directory" => "Directory",
        "notifier" => "Notifier",
        "gateway" => "gateway",
        _ when resource.EndsWith("-2", StringComparison.Ordinal) => $"{Describe(resource[..^2])} replica 2",
        _ => resource,
    };
}

/// <summary>The faults of the full matrix and of its short version.</summary>
public static class FaultPlan
{
    /// <summary>Every part of the app: the servers, the services and the gateway.</summary>
    public static readonly IReadOnlyList<string> Resources = ["postgres", "messaging", "scimapi", "directory", "notifier", "gateway", "smtp"];

    /// <summary>The services <c>Workteam:Replicas</c> replicates.</summary>
    public static readonly IReadOnlyList<string> ReplicatedServices = ["scimapi", "directory", "notifier"];

    private static readonly FaultMoment[] Moments = [FaultMoment.WhileEntraWrites, FaultMoment.WhileDirectoryCatchesUp];

    /// <summary>Each part killed and restarted, then each frozen, each twice: during the writes and during the catch-up.</summary>
    public static IReadOnlyList<Fault> KillsAndFreezes =>
    [
        .. from kind in new[] { FaultKind.KillAndRestart, FaultKind.Freeze }
           from resource in Resources
           from moment in Moments
           select new Fault(kind, resource, moment),
    ];

    /// <summary>The second replica of each replicated service killed, twice; for an app with <c>Workteam:Replicas=2</c>.</summary>
    public static IReadOnlyList<Fault> ReplicaKills =>
        [.. from service in ReplicatedServices from moment in Moments select new Fault(FaultKind.KillReplica, $"{service}-2", moment)];

    /// <summary>One fault of each kind, for an app with <c>Workteam:Replicas=2</c>.</summary>
    public static IReadOnlyList<Fault> Short =>
    [
        new(FaultKind.KillAndRestart, "postgres", FaultMoment.WhileEntraWrites),
        new(FaultKind.Freeze, "messaging", FaultMoment.WhileDirectoryCatchesUp),
        new(FaultKind.KillReplica, "scimapi-2", FaultMoment.WhileEntraWrites),
    ];
}
