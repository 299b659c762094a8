using Workteam.Benchmarks;
using Workteam.Benchmarks.Load;

// Usage: dotnet run -c Release --project tools/Workteam.Benchmarks -- gateway [seconds] [concurrency]
//        dotnet run -c Release --project tools/Workteam.Benchmarks -- scim [seconds] [concurrency] [large tenant users]
//        dotnet run -c Release --project tools/Workteam.Benchmarks -- deprovisioning [rounds] [writers] [outage events]
//        dotnet run -c Release --project tools/Workteam.Benchmarks -- activity [seconds] [concurrency] [rows]
//        dotnet run -c Release --project tools/Workteam.Benchmarks -- load [--orgs 10] [--users 10000] [--groups 100] [--members 50]
//                                                                      [--concurrency 16] [--replicas 1] [--seconds 15]
//                                                                      [--trace-rounds 3] [--trace-seconds 6] [--only trace-overhead]
//        dotnet run -c Release --project tools/Workteam.Benchmarks -- faults [--short]   (the fault matrix during an Entra-like sync)
//        dotnet run -c Release --project tools/Workteam.Benchmarks -- serve [Key=value ...]   (the benchmarks' app, kept running for profiling)
//        dotnet run -c Release --project tools/Workteam.Benchmarks -- browse <gateway> <organization id> <admin session> [members]
//                                                                      (the load benchmark's members and teams timings, against a running app)
// (plain-yarp <upstream> <listen> is the reference proxy the gateway benchmark starts as a child process.)
var scenario = args.ElementAtOrDefault(0) ?? "gateway";
var seconds = int.TryParse(args.ElementAtOrDefault(1), out var s) ? s : 15;
var concurrency = int.TryParse(args.ElementAtOrDefault(2), out var c) ? c : 32;

return scenario switch
{
    "gateway" => await GatewayOverheadBenchmark.RunAsync(TimeSpan.FromSeconds(seconds), concurrency),
    "scim" => await ScimBenchmark.RunAsync(
        TimeSpan.FromSeconds(seconds), concurrency, int.TryParse(args.ElementAtOrDefault(3), out var users) ? users : 1_000_000),
    "deprovisioning" => await DeprovisioningBenchmark.RunAsync(
        int.TryParse(args.ElementAtOrDefault(1), out var rounds) ? rounds : 50,
        int.TryParse(args.ElementAtOrDefault(2), out var writers) ? writers : 8,
        int.TryParse(args.ElementAtOrDefault(3), out var outage) ? outage : 2000),
    "load" => await ProvisioningLoadBenchmark.RunAsync(LoadSettings(args[1..])),
    "activity" => await ActivityBenchmark.RunAsync(
        int.TryParse(args.ElementAtOrDefault(1), out var activitySeconds) ? activitySeconds : 15,
        int.TryParse(args.ElementAtOrDefault(2), out var activityConcurrency) ? activityConcurrency : 16,
        int.TryParse(args.ElementAtOrDefault(3), out var activityRows) ? activityRows : 100_000),
    "faults" => await FaultsBenchmark.RunAsync(shortVersion: args.Contains("--short")),
    "serve" => await ServeForProfiling.RunAsync(args[1..]),
    "browse" when args.Length >= 4 => await MembersAndTeamsTimings.PrintAsync(
        new Uri(args[1]), Guid.Parse(args[2]), args[3], int.TryParse(args.ElementAtOrDefault(4), out var members) ? members : 10_000),
    PlainYarpProxy.Command => await PlainYarpProxy.RunAsync(args[1], args[2]),
    _ => Usage(),
};

static ProvisioningLoadSettings LoadSettings(string[] options)
{
    int Option(string name, int fallback)
    {
        var index = Array.IndexOf(options, $"--{name}");
        return index >= 0 && index + 1 < options.Length ? int.Parse(options[index + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
    }

    var defaults = new ProvisioningLoadSettings();
    return defaults with
    {
        Organizations = Option("orgs", defaults.Organizations),
        UsersPerOrganization = Option("users", defaults.UsersPerOrganization),
        GroupsPerOrganization = Option("groups", defaults.GroupsPerOrganization),
        MembersPerGroup = Option("members", defaults.MembersPerGroup),
        Concurrency = Option("concurrency", defaults.Concurrency),
        Replicas = Option("replicas", defaults.Replicas),
        Seconds = Option("seconds", defaults.Seconds),
        TraceRounds = Option("trace-rounds", defaults.TraceRounds),
        TraceSeconds = Option("trace-seconds", defaults.TraceSeconds),
        Only = Array.IndexOf(options, "--only") is var only and >= 0 && only + 1 < options.Length ? options[only + 1] : null,
    };
}

static int Usage()
{
    Console.Error.WriteLine("usage: Workteam.Benchmarks gateway|scim [seconds] [concurrency] [large tenant users (scim)] | deprovisioning [rounds] [writers] [outage events] | activity [seconds] [concurrency] [rows] | load [--orgs N] [--users N] [--groups N] [--members N] [--concurrency N] [--replicas N] [--seconds N] [--trace-rounds N] [--trace-seconds N] [--only trace-overhead] | faults [--short] | serve | browse <gateway> <organization id> <admin session> [members]");
    return 2;
}
