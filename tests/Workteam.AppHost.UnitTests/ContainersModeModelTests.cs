using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Workteam.AppHost.Infrastructure;

namespace Workteam.AppHost.UnitTests;

/// <summary>The app model of Containers mode as the app host declares it; nothing is started (no engine is needed).</summary>
public sealed class ContainersModeModelTests
{
    private static readonly string[] Servers = ["postgres", "messaging", "smtp"];

    [Fact]
    public async Task Every_server_is_a_container_with_a_named_volume_and_a_health_check()
    {
        var model = await BuildModelAsync();

        foreach (var name in Servers)
        {
            var server = Assert.IsAssignableFrom<ContainerResource>(model.Single(r => r.Name == name));
            var volume = Assert.Single(server.Annotations.OfType<ContainerMountAnnotation>(), m => m.Type == ContainerMountType.Volume);
            Assert.False(string.IsNullOrEmpty(volume.Source), $"{name}'s volume has no name");
            Assert.NotEmpty(server.Annotations.OfType<HealthCheckAnnotation>());
        }

        foreach (var database in new[] { "scimdb", "directorydb", "notifierdb" })
        {
            Assert.NotEmpty(model.Single(r => r.Name == database).Annotations.OfType<HealthCheckAnnotation>());
        }
    }

    [Fact]
    public async Task Nothing_but_the_dotnet_sdk_runs_outside_the_containers()
    {
        var model = await BuildModelAsync();

        // Aspire's own project rebuilders run dotnet; nothing runs bash or a server install.
        Assert.All(model.OfType<ExecutableResource>(), r => Assert.Equal("dotnet", Path.GetFileNameWithoutExtension(r.Command)));
    }

    [Fact]
    public async Task Smtp4dev_runs_from_its_image_at_a_pinned_version()
    {
        var model = await BuildModelAsync();

        var image = Assert.Single(model.Single(r => r.Name == "smtp").Annotations.OfType<ContainerImageAnnotation>());
        Assert.Equal("rnwood/smtp4dev", image.Image);
        Assert.Matches(@"^\d+\.\d+\.\d+$", image.Tag);
    }

    private static async Task<IReadOnlyList<IResource>> BuildModelAsync()
    {
        // The builder holds the model; building an app that is never started costs up to 30 s in its disposal.
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Workteam_AppHost>(
            [
                "Workteam:Infrastructure=Containers",
                $"Workteam:LocalDataPath={System.IO.Directory.CreateTempSubdirectory("workteam-model-").FullName}",
                "Workteam:GatewayPort=0",
                "Workteam:MailUiPort=0",
            ],
            TestContext.Current.CancellationToken);
        return builder.Resources.ToList();
    }
}
