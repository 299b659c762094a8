using System.Globalization;

namespace Workteam.Benchmarks.Load;

/// <summary>What the benchmark reads of a process in /proc/[pid]/stat.</summary>
internal readonly record struct ProcStat(string Command, double CpuSeconds, long StartTicks)
{
    // USER_HZ, the unit of the times in /proc/[pid]/stat, is 100 on every Linux architecture .NET runs on.
    private const double TicksPerSecond = 100;

    /// <summary>
    /// The command in parentheses, then utime (field 14), stime (15), cutime (16), cstime (17) and starttime (22).
    /// The children's times count too: a PostgreSQL backend that ends (a pooled connection closed) hands its CPU to
    /// the postmaster's cutime as it is reaped, so a part's total only grows; without them it would drop by all
    /// that backend ever used.
    /// </summary>
    public static ProcStat Read(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var open = stat.IndexOf('(');
        var close = stat.LastIndexOf(')');
        var fields = stat[(close + 2)..].Split(' ');
        long Field(int number) => long.Parse(fields[number - 3], CultureInfo.InvariantCulture);
        return new ProcStat(stat[(open + 1)..close], (Field(14) + Field(15) + Field(16) + Field(17)) / TicksPerSecond, Field(22));
    }

    /// <summary>Aspire names each service process after its resource in OTEL_SERVICE_NAME (scimapi, scimapi-2, …).</summary>
    public static string? ResourceName(string procDirectory) =>
        File.ReadAllText(Path.Combine(procDirectory, "environ")).Split('\0')
            .FirstOrDefault(v => v.StartsWith("OTEL_SERVICE_NAME=", StringComparison.Ordinal))?["OTEL_SERVICE_NAME=".Length..];
}
