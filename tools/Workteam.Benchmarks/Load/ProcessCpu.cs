namespace Workteam.Benchmarks.Load;

/// <summary>
/// CPU time (user + system) used by each part of the running app, read from /proc: the services by resource name,
/// PostgreSQL (all its backends), RabbitMQ, the SMTP server, the orchestrator and this benchmark process (the load
/// generator). Only processes started after this one count, so another app on the machine does not.
/// </summary>
public static class ProcessCpu
{
    public static IReadOnlyDictionary<string, double> SampleSeconds()
    {
        var ownStart = ProcStat.Read(Environment.ProcessId).StartTicks;
        var seconds = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            try
            {
                var stat = ProcStat.Read(pid);
                if (pid != Environment.ProcessId && stat.StartTicks < ownStart)
                {
                    continue;
                }

                var part = pid == Environment.ProcessId ? "load generator" : PartOf(directory, stat.Command);
                if (part is not null)
                {
                    seconds[part] = seconds.GetValueOrDefault(part) + stat.CpuSeconds;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
                // The process ended while being read.
            }
        }

        return seconds;
    }

    /// <summary>CPU seconds each part used between two samples.</summary>
    public static IReadOnlyDictionary<string, double> Between(IReadOnlyDictionary<string, double> before, IReadOnlyDictionary<string, double> after) =>
        after.ToDictionary(p => p.Key, p => Math.Max(0, p.Value - before.GetValueOrDefault(p.Key)), StringComparer.Ordinal);

    private static string? PartOf(string directory, string command)
    {
        switch (command)
        {
            case "postgres":
                return "postgresql";
            case "beam.smp" or "erl_child_setup" or "epmd":
                return "rabbitmq";
            case "dcp" or "dcpctrl":
                return "orchestrator";
        }

        var cmdline = File.ReadAllText(Path.Combine(directory, "cmdline"));
        if (cmdline.Contains("Rnwood.Smtp4dev", StringComparison.Ordinal))
        {
            return "smtp4dev";
        }

        if (!cmdline.Split('\0')[0].Contains("/Workteam.", StringComparison.Ordinal))
        {
            return null;
        }

        return ProcStat.ResourceName(directory);
    }
}
