using System.Diagnostics;
using Aspire.Hosting;

namespace Workteam.Testing;

/// <summary>
/// Freezes and thaws a resource's process (SIGSTOP/SIGCONT): a hung service, not a dead one; or kills it (SIGKILL).
/// </summary>
public static class ResourceSignals
{
    /// <summary>Stops the resource's process until the returned value is disposed.</summary>
    public static IDisposable Freeze(DistributedApplication app, string resource)
    {
        var pid = Pid(app, resource);
        Signal("STOP", pid);
        return new Thaw(pid);
    }

    /// <summary>Kills the resource's process and its descendants with SIGKILL: a crash, with no shutdown of any kind.</summary>
    public static void Kill(DistributedApplication app, string resource) => Signal("KILL", Pid(app, resource));

    public static int Pid(DistributedApplication app, string resource) =>
        int.Parse(app.ResourceNotifications.TryGetCurrentState(resource, out var state)
            ? state.Snapshot.Properties.Single(p => p.Name == "executable.pid").Value!.ToString()!
            : throw new InvalidOperationException($"{resource} has no state"));

    /// <summary>Signals the process and its descendants (a project may run under a <c>dotnet run</c> parent).</summary>
    private static void Signal(string signal, int pid, bool descendant = false)
    {
        foreach (var child in Children(pid))
        {
            Signal(signal, child, descendant: true);
        }

        using var kill = Process.Start("kill", [$"-{signal}", pid.ToString()]);
        kill.WaitForExit();
        // A descendant may be short-lived (RabbitMQ runs `df` for its disk monitor) and gone by the time it is signalled.
        if (kill.ExitCode != 0 && !(descendant && !Directory.Exists($"/proc/{pid}")))
        {
            throw new InvalidOperationException($"kill -{signal} {pid} exited with {kill.ExitCode}");
        }
    }

    private static IEnumerable<int> Children(int pid)
    {
        using var pgrep = Process.Start(new ProcessStartInfo("pgrep", ["-P", pid.ToString()]) { RedirectStandardOutput = true })!;
        var output = pgrep.StandardOutput.ReadToEnd();
        pgrep.WaitForExit();
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToList();
    }

    private sealed class Thaw(int pid) : IDisposable
    {
        public void Dispose() => Signal("CONT", pid);
    }
}
