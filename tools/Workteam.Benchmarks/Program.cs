using Workteam.Benchmarks;

// Usage: dotnet run -c Release --project tools/Workteam.Benchmarks -- gateway [seconds] [concurrency]
//        dotnet run -c Release --project tools/Workteam.Benchmarks -- scim [seconds] [concurrency] [large tenant users]
var scenario = args.ElementAtOrDefault(0) ?? "gateway";
var seconds = int.TryParse(args.ElementAtOrDefault(1), out var s) ? s : 15;
var concurrency = int.TryParse(args.ElementAtOrDefault(2), out var c) ? c : 32;

return scenario switch
{
    "gateway" => await GatewayOverheadBenchmark.RunAsync(TimeSpan.FromSeconds(seconds), concurrency),
    "scim" => await ScimBenchmark.RunAsync(
        TimeSpan.FromSeconds(seconds), concurrency, int.TryParse(args.ElementAtOrDefault(3), out var users) ? users : 1_000_000),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Workteam.Benchmarks gateway|scim [seconds] [concurrency] [large tenant users (scim)]");
    return 2;
}
