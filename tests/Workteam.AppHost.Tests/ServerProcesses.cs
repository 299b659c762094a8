namespace Workteam.AppHost.Tests;

/// <summary>The postgres, beam (RabbitMQ) and smtp4dev processes whose command line names a test's data folder.</summary>
public static class ServerProcesses
{
    public static IReadOnlyList<string> Using(string dataPath) =>
        System.IO.Directory.EnumerateDirectories("/proc")
            .Select(dir => (Pid: Path.GetFileName(dir), CommandLine: ReadCommandLine(dir)))
            .Where(p => int.TryParse(p.Pid, out _) && p.CommandLine.Contains(dataPath, StringComparison.Ordinal))
            .Where(p => p.CommandLine.Contains("postgres", StringComparison.Ordinal)
                || p.CommandLine.Contains("beam", StringComparison.Ordinal)
                || p.CommandLine.Contains("Smtp4dev", StringComparison.Ordinal))
            .Select(p => $"{p.Pid}: {p.CommandLine}")
            .ToList();

    public static async Task<IReadOnlyList<string>> WaitUntilGoneAsync(string dataPath, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var left = Using(dataPath);
        while (left.Count > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
            left = Using(dataPath);
        }

        return left;
    }

    private static string ReadCommandLine(string procDirectory)
    {
        try
        {
            return File.ReadAllText(Path.Combine(procDirectory, "cmdline")).Replace('\0', ' ');
        }
        catch (IOException)
        {
            return "";
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }
}
