using System.Diagnostics;

namespace Workteam.AppHost.Infrastructure;

/// <summary>What the install detection may ask of the machine, so that it can be tested against any layout.</summary>
public interface IInstallProbe
{
    bool FileExists(string path);

    /// <summary>The directories of the PATH environment variable, in order.</summary>
    IReadOnlyList<string> SearchPath { get; }

    /// <summary>The program's standard output when it exits with 0 within a few seconds; otherwise null.</summary>
    string? Run(string program, params string[] arguments);

    /// <summary>The file's text, or null when it does not exist.</summary>
    string? ReadFile(string path);
}

/// <summary>The real machine.</summary>
public sealed class MachineInstallProbe : IInstallProbe
{
    public static readonly MachineInstallProbe Instance = new();

    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(5);

    public string? Run(string program, params string[] arguments) => RunWithin(RunTimeout, program, arguments);

    public bool FileExists(string path) => File.Exists(path);

    public IReadOnlyList<string> SearchPath { get; } =
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);

    public string? ReadFile(string path) => File.Exists(path) ? File.ReadAllText(path) : null;

    /// <summary>
    /// The program's standard output when it exits with 0 within <paramref name="timeout"/>. A program that hangs
    /// (such as a container client without an engine) is killed and counts as failed.
    /// </summary>
    public static string? RunWithin(TimeSpan timeout, string program, params string[] arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(program, arguments)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            if (process is null)
            {
                return null;
            }

            var output = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                return null;
            }

            return process.ExitCode == 0 ? output.Result : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
