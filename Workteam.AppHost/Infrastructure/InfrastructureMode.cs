using System.Diagnostics;

namespace Workteam.AppHost.Infrastructure;

/// <summary>Where PostgreSQL and RabbitMQ come from: containers, or the machine's own installs.</summary>
public enum InfrastructureMode
{
    Auto,
    Containers,
    Local,
}

public static class InfrastructureModeResolver
{
    public const string ConfigurationKey = "Workteam:Infrastructure";

    public static InfrastructureMode Resolve(string? configured, Func<bool> containerRuntimeIsHealthy)
    {
        var mode = string.IsNullOrWhiteSpace(configured)
            ? InfrastructureMode.Auto
            : Enum.TryParse<InfrastructureMode>(configured, ignoreCase: true, out var parsed)
                ? parsed
                : throw new ArgumentException(
                    $"{ConfigurationKey} is '{configured}'; use Auto, Containers or Local.");

        return mode == InfrastructureMode.Auto
            ? containerRuntimeIsHealthy() ? InfrastructureMode.Containers : InfrastructureMode.Local
            : mode;
    }

    /// <summary>
    /// True when the container runtime's engine answers. A client without an engine (or a hung engine)
    /// counts as unhealthy, because Aspire would otherwise wait forever for containers to start.
    /// </summary>
    public static bool ContainerRuntimeIsHealthy(string runtime = "docker", TimeSpan? timeout = null)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(runtime, ["info", "--format", "{{.ServerVersion}}"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            if (process is null)
            {
                return false;
            }

            var output = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(timeout ?? TimeSpan.FromSeconds(5)))
            {
                process.Kill(entireProcessTree: true);
                return false;
            }

            return process.ExitCode == 0 && !string.IsNullOrWhiteSpace(output.Result);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
