using Workteam.LoadTest;

LoadTestOptions? options;
try
{
    options = CommandLine.Parse(args);
}
catch (ArgumentException exception)
{
    Console.Error.WriteLine(exception.Message);
    Console.Error.WriteLine("--help lists the options.");
    return 2;
}

if (options is null)
{
    Console.WriteLine(CommandLine.Usage);
    return 0;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

try
{
    var report = await LoadTestRunner.RunAsync(options, Console.Error, stop.Token);
    Console.WriteLine(report.ToMarkdown());
    return report.Passed ? 0 : 1;
}
catch (ArgumentException exception)
{
    Console.Error.WriteLine(exception.Message);
    return 2;
}
catch (AdminApiException exception)
{
    Console.Error.WriteLine($"Setting up the organizations failed: {exception.Message}");
    return 1;
}
