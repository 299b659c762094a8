using Microsoft.Extensions.Configuration;

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

    /// <summary>
    /// The mode <c>Workteam:Infrastructure</c> asks for. Auto probes Docker, then Podman (<paramref name="answers"/>
    /// runs <c>docker info</c> or <c>podman info</c>), and when Podman is the one that answers tells Aspire to use it.
    /// An explicit Containers mode probes nothing: Aspire finds the runtime itself, or follows ASPIRE_CONTAINER_RUNTIME.
    /// </summary>
    public static InfrastructureMode Resolve(IConfiguration configuration, Func<string, bool> answers)
    {
        ContainerRuntime? found = null;
        var mode = Resolve(configuration[ConfigurationKey], () => (found = ContainerRuntimeDetection.Detect(configuration, answers)) is not null);
        if (mode == InfrastructureMode.Containers && found is { } runtime)
        {
            ContainerRuntimeDetection.SelectForAspire(configuration, runtime);
        }

        return mode;
    }

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
    /// True when the container runtime's engine answers (<c>docker info</c> or <c>podman info</c>). A client without an
    /// engine (or a hung engine) counts as unhealthy, because Aspire would otherwise wait forever for containers to start.
    /// </summary>
    public static bool ContainerRuntimeIsHealthy(string runtime = "docker", TimeSpan? timeout = null)
    {
        // Podman's info has no ServerVersion; its own version answers only when its engine (or machine) runs.
        var version = runtime == "podman" ? "{{.Version.Version}}" : "{{.ServerVersion}}";
        var output = MachineInstallProbe.RunWithin(timeout ?? TimeSpan.FromSeconds(5), runtime, "info", "--format", version);
        return !string.IsNullOrWhiteSpace(output);
    }
}
