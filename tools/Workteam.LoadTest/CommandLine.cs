using System.Globalization;

namespace Workteam.LoadTest;

/// <summary>Reads <see cref="LoadTestOptions"/> from <c>--name value</c> (or <c>--name=value</c>) arguments.</summary>
public static class CommandLine
{
    public const string Usage = """
        Workteam load test: behaves like Microsoft Entra's provisioning service against a running Workteam gateway.

        usage: dotnet run -c Release --project tools/Workteam.LoadTest -- [options]

          --gateway URL              Workteam gateway (admin API and SCIM)                  default http://localhost:5280
          --scim-api URL             send SCIM straight to ScimApi with the organization header instead of through the gateway
          --service-secret SECRET    with --scim-api: the app host's service-secret, to sign what the gateway would
          --orgs N                   organizations, provisioned at the same time            default 2
          --users N                  users per organization                                 default 500
          --groups N                 groups per organization                                default 10
          --members N                members per group                                      default 20
          --reports-per-manager N    direct reports per manager in the hierarchy            default 8
          --cycles N                 incremental cycles after the initial one               default 2
          --dialect D                default | aadOptscim062020 (PATCH shapes and the feature-flag query parameter)
          --mode M                   closed (N requests in flight) | open (fixed request rate)   default closed
          --concurrency N            requests in flight, closed loop                        default 16
          --rate N                   requests started per second, open loop                 default 200
          --member-batch N           member values per group PATCH                          default 50
          --seed N                   seed of the generated directories and changes          default 1
          --run-tag TAG              part of every email domain (emails are unique in Workteam)   default random
          --invitations              let Directory email every provisioned member an invitation
          --updates F                share of users changed per cycle                       default 0.10
          --disables F               share of active users disabled per cycle               default 0.03
          --enables F                share of disabled users enabled again per cycle        default 0.30
          --deletes F                share of users deleted per cycle                       default 0.01
          --joiners F                new users per cycle, as a share of the users           default 0.02
          --membership-changes F     members added and removed per group and cycle          default 0.10
          --max-deprovisioned F      share of users ever disabled or deleted while active in a run (< 0.2)   default 0.15
          --no-directory-check       compare only ScimApi with the source, not Directory
          --directory-timeout S      seconds to wait for Directory to apply everything      default 120
          --request-timeout S        seconds before a request counts as unanswered          default 60
          --help                     this text

        Exit code 0 when every status was as Entra expects and ScimApi and Directory equal the source, 1 otherwise,
        2 for a wrong command line.
        """;

    /// <summary>The options, or null when <c>--help</c> was asked for.</summary>
    public static LoadTestOptions? Parse(IReadOnlyList<string> args)
    {
        var options = new LoadTestOptions { Gateway = new Uri("http://localhost:5280") };
        for (var i = 0; i < args.Count; i++)
        {
            var (name, inlineValue) = Split(args[i]);
            string Value() => inlineValue ?? (i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value."));
            options = name switch
            {
                "--help" or "-h" => null,
                "--gateway" => options with { Gateway = Url(name, Value()) },
                "--scim-api" => options with { ScimApiUrl = Url(name, Value()) },
                "--service-secret" => options with { ServiceSecret = Value() },
                "--orgs" => options with { Organizations = Integer(name, Value()) },
                "--users" => options with { Users = Integer(name, Value()) },
                "--groups" => options with { Groups = Integer(name, Value()) },
                "--members" => options with { MembersPerGroup = Integer(name, Value()) },
                "--reports-per-manager" => options with { ReportsPerManager = Integer(name, Value()) },
                "--cycles" => options with { IncrementalCycles = Integer(name, Value()) },
                "--dialect" => options with { Dialect = Dialect(Value()) },
                "--mode" => options with { Mode = Mode(Value()) },
                "--concurrency" => options with { Concurrency = Integer(name, Value()) },
                "--rate" => options with { RequestsPerSecond = Number(name, Value()) },
                "--member-batch" => options with { MemberBatchSize = Integer(name, Value()) },
                "--seed" => options with { Seed = Integer(name, Value()) },
                "--run-tag" => options with { RunTag = Value() },
                "--invitations" => options with { InvitationsEnabled = true },
                "--updates" => options with { Changes = options.Changes with { Updates = Number(name, Value()) } },
                "--disables" => options with { Changes = options.Changes with { Disables = Number(name, Value()) } },
                "--enables" => options with { Changes = options.Changes with { Enables = Number(name, Value()) } },
                "--deletes" => options with { Changes = options.Changes with { Deletes = Number(name, Value()) } },
                "--joiners" => options with { Changes = options.Changes with { Joiners = Number(name, Value()) } },
                "--membership-changes" => options with { Changes = options.Changes with { MembershipChanges = Number(name, Value()) } },
                "--max-deprovisioned" => options with { Changes = options.Changes with { MaxDeprovisionedShare = Number(name, Value()) } },
                "--no-directory-check" => options with { VerifyDirectory = false },
                "--directory-timeout" => options with { DirectoryTimeout = TimeSpan.FromSeconds(Number(name, Value())) },
                "--request-timeout" => options with { RequestTimeout = TimeSpan.FromSeconds(Number(name, Value())) },
                _ => throw new ArgumentException($"Unknown option {name}."),
            };
            if (options is null)
            {
                return null;
            }
        }

        return options;
    }

    private static (string Name, string? Value) Split(string argument)
    {
        var equals = argument.IndexOf('=', StringComparison.Ordinal);
        return argument.StartsWith("--", StringComparison.Ordinal) && equals > 0 ? (argument[..equals], argument[(equals + 1)..]) : (argument, null);
    }

    private static Uri Url(string name, string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
            ? url
            : throw new ArgumentException($"{name} needs an http(s) URL, not '{value}'.");

    private static int Integer(string name, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new ArgumentException($"{name} needs a whole number, not '{value}'.");

    private static double Number(string name, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new ArgumentException($"{name} needs a number, not '{value}'.");

    private static PatchDialect Dialect(string value) => value.ToLowerInvariant() switch
    {
        "default" => PatchDialect.Default,
        "aadoptscim062020" => PatchDialect.AadOptscim062020,
        _ => throw new ArgumentException($"--dialect is default or aadOptscim062020, not '{value}'."),
    };

    private static LoadMode Mode(string value) => value.ToLowerInvariant() switch
    {
        "closed" => LoadMode.Closed,
        "open" => LoadMode.Open,
        _ => throw new ArgumentException($"--mode is closed or open, not '{value}'."),
    };
}
