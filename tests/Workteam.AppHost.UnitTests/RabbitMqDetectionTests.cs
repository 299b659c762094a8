using Workteam.AppHost.Infrastructure;

namespace Workteam.AppHost.UnitTests;

public sealed class RabbitMqDetectionTests
{
    private static readonly HostPlatform Ubuntu = HostPlatform.FromOsRelease("ID=ubuntu\nID_LIKE=debian\nVERSION_ID=\"24.04\"");

    [Theory]
    [InlineData("/usr/lib/rabbitmq/bin/rabbitmq-server")] // Debian and Ubuntu
    [InlineData("/usr/local/bin/rabbitmq-server")] // on PATH
    [InlineData("/opt/homebrew/sbin/rabbitmq-server")] // macOS on Apple silicon
    [InlineData("/usr/local/sbin/rabbitmq-server")] // macOS on Intel
    [InlineData("/home/linuxbrew/.linuxbrew/sbin/rabbitmq-server")] // Homebrew on Linux
    public void Finds_each_layout(string server)
    {
        Assert.Equal(server, LocalPrerequisites.FindRabbitMqServer(null, new FakeInstallProbe(server), Ubuntu));
    }

    [Fact]
    public void Prefers_the_Debian_script_over_the_wrapper_on_the_path()
    {
        var probe = new FakeInstallProbe("/usr/sbin/rabbitmq-server", "/usr/lib/rabbitmq/bin/rabbitmq-server") { SearchPath = ["/usr/sbin"] };

        Assert.Equal("/usr/lib/rabbitmq/bin/rabbitmq-server", LocalPrerequisites.FindRabbitMqServer(null, probe, Ubuntu));
    }

    [Fact]
    public void The_setting_wins_and_a_wrong_one_is_refused_naming_it()
    {
        var probe = new FakeInstallProbe("/srv/rabbitmq/sbin/rabbitmq-server", "/usr/lib/rabbitmq/bin/rabbitmq-server");

        Assert.Equal("/srv/rabbitmq/sbin/rabbitmq-server", LocalPrerequisites.FindRabbitMqServer("/srv/rabbitmq/sbin/rabbitmq-server", probe, Ubuntu));
        var error = Assert.Throws<MissingLocalInstallException>(() => LocalPrerequisites.FindRabbitMqServer("/nowhere", probe, Ubuntu));
        Assert.Contains(LocalPrerequisites.RabbitMqServerKey, error.Message);
    }

    [Fact]
    public void None_found_stops_with_the_install_command_of_the_platform()
    {
        var onUbuntu = Assert.Throws<MissingLocalInstallException>(() => LocalPrerequisites.FindRabbitMqServer(null, new FakeInstallProbe(), Ubuntu));
        var onMac = Assert.Throws<MissingLocalInstallException>(() =>
            LocalPrerequisites.FindRabbitMqServer(null, new FakeInstallProbe(), new HostPlatform(HostOs.MacOs)));

        Assert.Contains("Install it with: sudo apt-get install -y rabbitmq-server", onUbuntu.Message);
        Assert.Contains("Install it with: brew install rabbitmq", onMac.Message);
    }
}
