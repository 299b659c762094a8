using Microsoft.Extensions.Configuration;
using Workteam.AppHost.Infrastructure;

namespace Workteam.AppHost.UnitTests;

public sealed class ContainerRuntimeDetectionTests
{
    [Theory]
    [InlineData(new[] { "docker" }, InfrastructureMode.Containers, null)]
    [InlineData(new[] { "docker", "podman" }, InfrastructureMode.Containers, null)]
    [InlineData(new[] { "podman" }, InfrastructureMode.Containers, "podman")]
    [InlineData(new string[0], InfrastructureMode.Local, null)]
    public void Auto_runs_containers_with_the_runtime_that_answers(string[] answering, InfrastructureMode mode, string? aspireRuntime)
    {
        var configuration = Configuration(("Workteam:Infrastructure", "Auto"));

        Assert.Equal(mode, InfrastructureModeResolver.Resolve(configuration, answering.Contains));
        Assert.Equal(aspireRuntime, configuration[ContainerRuntimeDetection.AspireRuntimeKey]);
    }

    [Fact]
    public void Auto_probes_Docker_first_then_Podman()
    {
        var probed = new List<string>();

        InfrastructureModeResolver.Resolve(Configuration(), runtime => { probed.Add(runtime); return false; });

        Assert.Equal(["docker", "podman"], probed);
    }

    [Theory]
    [InlineData("ASPIRE_CONTAINER_RUNTIME")]
    [InlineData("DOTNET_ASPIRE_CONTAINER_RUNTIME")]
    public void A_runtime_chosen_for_Aspire_is_the_only_one_probed(string key)
    {
        var probed = new List<string>();
        var configuration = Configuration((key, "podman"));

        var mode = InfrastructureModeResolver.Resolve(configuration, runtime => { probed.Add(runtime); return runtime == "docker"; });

        Assert.Equal(InfrastructureMode.Local, mode);
        Assert.Equal(["podman"], probed);
    }

    [Theory]
    [InlineData("Containers", InfrastructureMode.Containers)]
    [InlineData("Local", InfrastructureMode.Local)]
    public void An_explicit_mode_probes_nothing(string configured, InfrastructureMode mode)
    {
        var configuration = Configuration(("Workteam:Infrastructure", configured));

        Assert.Equal(mode, InfrastructureModeResolver.Resolve(configuration, _ => throw new InvalidOperationException("probed")));
        Assert.Null(configuration[ContainerRuntimeDetection.AspireRuntimeKey]);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();
}
