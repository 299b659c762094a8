using Microsoft.Extensions.Configuration;

namespace Workteam.AppHost.Infrastructure;

public enum ContainerRuntime
{
    Docker,
    Podman,
}

/// <summary>Which container runtime answers, and telling Aspire to run the containers with it.</summary>
public static class ContainerRuntimeDetection
{
    /// <summary>Aspire's choice of container runtime: <c>docker</c> (its default) or <c>podman</c>.</summary>
    public const string AspireRuntimeKey = "ASPIRE_CONTAINER_RUNTIME";

    public const string LegacyAspireRuntimeKey = "DOTNET_ASPIRE_CONTAINER_RUNTIME";

    /// <summary>
    /// The runtime whose engine answers: only the one Aspire is told to use when it is set, otherwise Docker, then
    /// Podman. Null when none answers.
    /// </summary>
    public static ContainerRuntime? Detect(IConfiguration configuration, Func<string, bool> answers)
    {
        ContainerRuntime[] candidates = Enum.TryParse<ContainerRuntime>(Configured(configuration), ignoreCase: true, out var chosen)
            ? [chosen]
            : [ContainerRuntime.Docker, ContainerRuntime.Podman];
        return candidates.Where(runtime => answers(runtime.ToString().ToLowerInvariant())).Cast<ContainerRuntime?>().FirstOrDefault();
    }

    /// <summary>Makes Aspire run the containers with Podman when Podman is the runtime found; Docker is its default.</summary>
    public static void SelectForAspire(IConfiguration configuration, ContainerRuntime runtime)
    {
        if (runtime == ContainerRuntime.Podman && Configured(configuration) is null)
        {
            configuration[AspireRuntimeKey] = "podman";
        }
    }

    private static string? Configured(IConfiguration configuration) =>
        configuration[AspireRuntimeKey] is { Length: > 0 } runtime ? runtime
        : configuration[LegacyAspireRuntimeKey] is { Length: > 0 } legacy ? legacy
        : null;
}
