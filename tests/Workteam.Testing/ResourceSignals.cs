using System.Diagnostics;
using Aspire.Hosting;

namespace Workteam.Testing;

/// <summary>
/// Freezes and thaws a resource's process (SIGSTOP/SIGCONT): a hung service, not a dead one; or kills it (SIGKILL).
/// Both act on the process and all its descendants (a project may run under a <c>dotnet run</c> parent, a server
/// under a launch script, PostgreSQL's backends under its postmaster).
/// </summary>
public static class ResourceSignals
{
    /// <summary>Stops the resource's process tree until the returned value is disposed.</summary>
    public static IDisposable Freeze(DistributedApplication app, string resource) => new Thaw(StopTree(Pid(app, resource)));

    /// <summary>
    /// Kills the resource's process tree with SIGKILL: a crash, with no shutdown of any kind. The whole tree is stopped
    /// first, parents before children, so that no process sees another die and reacts (a postmaster restarting after
    /// a killed backend, a launch script exiting once its server died) before every one of them is killed. It returns
    /// once all of them are dead, as they are by the time an operator restarts a crashed server: a restart sooner would
    /// find the old postmaster's pid still running and refuse to start.
    /// </summary>
    public static void Kill(DistributedApplication app, string resource)
    {
        var tree = StopTree(Pid(app, resource));
        Send("KILL", tree);
        WaitUntilDead(tree);
    }

    public static int Pid(DistributedApplication app, string resource) =>
        int.Parse(app.ResourceNotifications.TryGetCurrentState(resource, out var state)
            ? state.Snapshot.Properties.Single(p => p.Name == "executable.pid").Value!.ToString()!
            : throw new InvalidOperationException($"{resource} has no state"));

    /// <summary>The resource's process and all its descendants (a project started through <c>dotnet run</c> is a child).</summary>
    public static IEnumerable<int> ProcessTree(DistributedApplication app, string resource)
    {
        var pending = new Queue<int>([Pid(app, resource)]);
        while (pending.TryDequeue(out var pid))
        {
            yield return pid;
            foreach (var child in Children(pid))
            {
                pending.Enqueue(child);
            }
        }
    }

    /// <summary>Stops the process, then its children (a stopped process forks no more), and so on down the tree.</summary>
    private static List<int> StopTree(int pid)
    {
        if (!Send("STOP", [pid]))
        {
            throw new InvalidOperationException($"kill -STOP {pid} failed: the process is gone");
        }

        var tree = new List<int> { pid };
        foreach (var child in Children(pid))
        {
            // A child may be short-lived (RabbitMQ runs `df` for its disk monitor) and gone by the time it is signalled.
            if (Send("STOP", [child]))
            {
                tree.AddRange(StopTree(child));
            }
        }

        return tree;
    }

    private static void WaitUntilDead(List<int> tree)
    {
        var waited = Stopwatch.StartNew();
        while (tree.Any(IsAlive))
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new InvalidOperationException($"Processes {string.Join(", ", tree.Where(IsAlive))} still run 30 s after SIGKILL");
            }

            Thread.Sleep(TimeSpan.FromMilliseconds(20)); // polls the kernel's process table until the condition holds
        }
    }

    /// <summary>Whether the process still exists and is not a zombie (dead, waiting for its parent to reap it).</summary>
    private static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[stat.LastIndexOf(')') + 2] is not ('Z' or 'X');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Signals every process given in one <c>kill</c>; false when any of them was gone.</summary>
    private static bool Send(string signal, IReadOnlyList<int> pids)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", [$"-{signal}", .. pids.Select(p => p.ToString())]) { RedirectStandardError = true })!;
        kill.StandardError.ReadToEnd();
        kill.WaitForExit();
        return kill.ExitCode == 0;
    }

    private static IEnumerable<int> Children(int pid)
    {
        using var pgrep = Process.Start(new ProcessStartInfo("pgrep", ["-P", pid.ToString()]) { RedirectStandardOutput = true })!;
        var output = pgrep.StandardOutput.ReadToEnd();
        pgrep.WaitForExit();
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToList();
    }

    private sealed class Thaw(List<int> tree) : IDisposable
    {
        public void Dispose() => Send("CONT", tree);
    }
}
