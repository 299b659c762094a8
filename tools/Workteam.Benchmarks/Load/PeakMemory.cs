using System.Globalization;

namespace Workteam.Benchmarks.Load;

/// <summary>
/// The peak resident memory (Linux VmHWM) of each Workteam service process started after this benchmark: the
/// services of the app it runs, keyed by resource name (scimapi, scimapi-2, …). The peaks can be reset, so that
/// each phase of a run has peaks of its own.
/// </summary>
public static class PeakMemory
{
    private static readonly string[] Services = ["Workteam.Gateway", "Workteam.ScimApi", "Workteam.Directory", "Workteam.Notifier"];

    /// <summary>The peaks since the process started or since the last <see cref="Reset"/>, in MB.</summary>
    public static SortedDictionary<string, double> OfServicesMegabytes()
    {
        var peaks = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var (name, directory) in ServiceProcesses())
        {
            peaks[name] = PeakResidentKilobytes(directory) / 1024.0;
        }

        return peaks;
    }

    /// <summary>Sets each service's peak to what it holds now (writing 5 to /proc/[pid]/clear_refs).</summary>
    public static void Reset()
    {
        foreach (var (_, directory) in ServiceProcesses())
        {
            File.WriteAllText(Path.Combine(directory, "clear_refs"), "5");
        }
    }

    private static IEnumerable<(string Name, string Directory)> ServiceProcesses()
    {
        var ownStart = ProcStat.Read(Environment.ProcessId).StartTicks;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            string? name;
            try
            {
                var executable = File.ReadAllText(Path.Combine(directory, "cmdline")).Split('\0')[0];
                name = Services.Any(s => executable.EndsWith("/" + s, StringComparison.Ordinal)) && ProcStat.Read(pid).StartTicks >= ownStart
                    ? ProcStat.ResourceName(directory) ?? Path.GetFileName(executable)
                    : null;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process ended while being read.
                name = null;
            }

            if (name is not null)
            {
                yield return (name, directory);
            }
        }
    }

    private static long PeakResidentKilobytes(string directory) =>
        long.Parse(File.ReadLines(Path.Combine(directory, "status"))
            .Single(l => l.StartsWith("VmHWM:", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
}
