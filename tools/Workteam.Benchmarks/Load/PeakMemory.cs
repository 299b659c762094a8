using System.Globalization;

namespace Workteam.Benchmarks.Load;

/// <summary>
/// The peak resident memory (Linux VmHWM) of each Workteam service process started after this benchmark: the
/// services of the app it runs, keyed by resource name (scimapi, scimapi-2, …).
/// </summary>
public static class PeakMemory
{
    private static readonly string[] Services = ["Workteam.Gateway", "Workteam.ScimApi", "Workteam.Directory", "Workteam.Notifier"];

    public static SortedDictionary<string, double> OfServicesMegabytes()
    {
        var ownStart = ProcStat.Read(Environment.ProcessId).StartTicks;
        var peaks = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                var executable = File.ReadAllText(Path.Combine(directory, "cmdline")).Split('\0')[0];
                if (!Services.Any(s => executable.EndsWith("/" + s, StringComparison.Ordinal)) || ProcStat.Read(pid).StartTicks < ownStart)
                {
                    continue;
                }

                var name = ProcStat.ResourceName(directory) ?? Path.GetFileName(executable);
                peaks[name] = PeakResidentKilobytes(directory) / 1024.0;
            }
            catch (IOException)
            {
                // The process ended while being read.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return peaks;
    }

    private static long PeakResidentKilobytes(string directory) =>
        long.Parse(File.ReadLines(Path.Combine(directory, "status"))
            .Single(l => l.StartsWith("VmHWM:", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
}
