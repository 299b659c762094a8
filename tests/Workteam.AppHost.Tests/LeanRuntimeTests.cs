using Workteam.AppHost;
using Workteam.Testing;

namespace Workteam.AppHost.Tests;

/// <summary>
/// The running service processes, read from /proc: the lean runtime settings reached them (decisions 0011, 0026,
/// 0027) and none loaded ICU (invariant globalization, decision 0027).
/// </summary>
[Collection(SharedAppHostCollection.Name)]
public sealed class LeanRuntimeTests(SharedAppHost shared)
{
    public static TheoryData<string, string> Services => new()
    {
        { "scimapi", "Workteam.ScimApi" }, { "directory", "Workteam.Directory" }, { "notifier", "Workteam.Notifier" }, { "gateway", "Workteam.Gateway" },
    };

    [Theory]
    [MemberData(nameof(Services))]
    public void The_running_service_has_the_lean_runtime_settings(string service, string assembly)
    {
        var pid = ServiceProcess(service, assembly);
        var environment = File.ReadAllText($"/proc/{pid}/environ").Split('\0', StringSplitOptions.RemoveEmptyEntries).ToHashSet();

        Assert.All(WorkteamServicesBuilderExtensions.LeanRuntime, setting => Assert.Contains($"{setting.Key}={setting.Value}", environment));
        Assert.Contains("DOTNET_TC_QuickJit=0", environment);
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void The_running_service_has_not_loaded_icu(string service, string assembly)
    {
        var mappedFiles = MappedFiles(ServiceProcess(service, assembly));

        Assert.DoesNotContain(mappedFiles, file => Path.GetFileName(file).StartsWith("libicu", StringComparison.Ordinal));
    }

    /// <summary>The process that runs the service's own assembly: the resource's, or a child of it under <c>dotnet run</c>.</summary>
    private int ServiceProcess(string service, string assembly) =>
        ResourceSignals.ProcessTree(shared.Host.App, service)
            .Single(pid => MappedFiles(pid).Any(file => file.EndsWith($"/{assembly}.dll", StringComparison.Ordinal)));

    private static HashSet<string> MappedFiles(int pid) =>
        File.ReadLines($"/proc/{pid}/maps").Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length >= 6).Select(fields => fields[5]).ToHashSet();
}
