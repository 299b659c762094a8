using Workteam.Benchmarks;

// Usage: dotnet run -c Release --project tools/Workteam.Benchmarks -- gateway [seconds] [concurrency]
//        dotnet run -c Release --project tools/Workteam.Benchmarks -- scim [seconds] [concurrency] [large tenant users]
//        dotnet run -c Release --project tools/Workteam.Benchmarks -- deprovisioning [rounds] [writers] [outage events]
//        dotnet run -c Release --project tools/Workteam.Benchmarks -- entra [users] [organizations] [concurrency]
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
    "entra" => await EntraProvisioningBenchmark.RunAsync(
        int.TryParse(args.ElementAtOrDefault(1), out var entraUsers) ? entraUsers : 1000,
        int.TryParse(args.ElementAtOrDefault(2), out var organizations) ? organizations : 2,
        int.TryParse(args.ElementAtOrDefault(3), out var inFlight) ? inFlight : 16),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Workteam.Benchmarks gateway|scim [seconds] [concurrency] [large tenant users (scim)] | deprovisioning [rounds] [writers] [outage events] | entra [users] [organizations] [concurrency]");
    return 2;
}
