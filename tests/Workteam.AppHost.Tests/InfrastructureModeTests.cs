using Aspire.Hosting;
using Workteam.AppHost.Infrastructure;

namespace Workteam.AppHost.Tests;

public sealed class InfrastructureModeTests
{
    [Theory]
    [InlineData(null, true, InfrastructureMode.Containers)]
    [InlineData(null, false, InfrastructureMode.Local)]
    [InlineData("auto", true, InfrastructureMode.Containers)]
    [InlineData("Auto", false, InfrastructureMode.Local)]
    [InlineData("Local", true, InfrastructureMode.Local)]
    [InlineData("containers", false, InfrastructureMode.Containers)]
    public void Auto_picks_containers_only_when_the_runtime_is_healthy(string? configured, bool healthy, InfrastructureMode expected)
    {
        Assert.Equal(expected, InfrastructureModeResolver.Resolve(configured, () => healthy));
    }

    [Fact]
    public void An_unknown_mode_is_refused_with_the_valid_choices()
    {
        var error = Assert.Throws<ArgumentException>(() => InfrastructureModeResolver.Resolve("Kubernetes", () => true));
        Assert.Contains("Auto, Containers or Local", error.Message);
    }

    [Fact]
    public void A_runtime_that_cannot_be_started_is_unhealthy()
    {
        Assert.False(InfrastructureModeResolver.ContainerRuntimeIsHealthy("workteam-no-such-container-runtime"));
    }

    [Theory]
    [InlineData("Workteam:Local:PostgresBin", "sudo apt-get install -y postgresql-15")]
    [InlineData("Workteam:Local:RabbitMqServer", "sudo apt-get install -y rabbitmq-server")]
    public void A_missing_local_install_stops_the_app_host_naming_the_install_command(string setting, string installCommand)
    {
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
        {
            DisableDashboard = true,
            ProjectDirectory = Projects.Workteam_AppHost.ProjectPath,
            Args =
            [
                "--Workteam:Infrastructure=Local",
                $"--Workteam:LocalDataPath={System.IO.Directory.CreateTempSubdirectory("workteam-model-").FullName}",
                $"--{setting}=/nonexistent/workteam-test",
            ],
        });

        var error = Assert.Throws<MissingLocalInstallException>(() => builder.AddWorkteamInfrastructure());

        Assert.Contains(installCommand, error.Message);
    }
}
