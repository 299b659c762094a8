using Workteam.Benchmarks;

// Usage: dotnet run -c Release --project tools/Workteam.Benchmarks -- gateway [seconds] [concurrency]
var scenario = args.ElementAtOrDefault(0) ?? "gateway";
var seconds = int.TryParse(args.ElementAtOrDefault(1), out var s) ? s : 15;
var concurrency = int.TryParse(args.ElementAtOrDefault(2), out var c) ? c : 32;

return scenario switch
{
    "gateway" => await GatewayOverheadBenchmark.RunAsync(TimeSpan.FromSeconds(seconds), concurrency),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Workteam.Benchmarks gateway [seconds] [concurrency]");
    return 2;
}
