using Workteam.AppHost.Infrastructure;

namespace Workteam.AppHost.UnitTests;

public sealed class PostgresDetectionTests
{
    private static readonly HostPlatform Debian12 = HostPlatform.FromOsRelease("ID=debian\nVERSION_ID=\"12\"\n");

    [Theory]
    [InlineData(14)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(17)]
    public void Finds_the_Debian_and_Ubuntu_layout_of_each_supported_version(int version)
    {
        var probe = new FakeInstallProbe($"/usr/lib/postgresql/{version}/bin/postgres");

        Assert.Equal($"/usr/lib/postgresql/{version}/bin", LocalPrerequisites.FindPostgresBin(null, probe, Debian12));
    }

    [Fact]
    public void Picks_the_highest_supported_version_and_ignores_unsupported_ones()
    {
        var probe = new FakeInstallProbe("/usr/lib/postgresql/13/bin/postgres", "/usr/lib/postgresql/15/bin/postgres",
            "/usr/lib/postgresql/16/bin/postgres", "/usr/lib/postgresql/18/bin/postgres");

        Assert.Equal("/usr/lib/postgresql/16/bin", LocalPrerequisites.FindPostgresBin(null, probe, Debian12));
    }

    [Fact]
    public void Finds_the_bin_folder_pg_config_on_the_path_names()
    {
        var probe = new FakeInstallProbe("/usr/local/pgsql/bin/pg_config", "/usr/local/pgsql/bin/postgres")
            {
                SearchPath = ["/usr/local/pgsql/bin", "/usr/bin"],
            }
            .Printing("/usr/local/pgsql/bin/pg_config --version", "PostgreSQL 16.4\n")
            .Printing("/usr/local/pgsql/bin/pg_config --bindir", "/usr/local/pgsql/bin\n");

        Assert.Equal("/usr/local/pgsql/bin", LocalPrerequisites.FindPostgresBin(null, probe, Debian12));
    }

    [Fact]
    public void Passes_over_a_pg_config_of_an_unsupported_version()
    {
        var probe = new FakeInstallProbe("/usr/bin/pg_config", "/opt/pg13/bin/postgres", "/usr/lib/postgresql/15/bin/postgres")
            .Printing("/usr/bin/pg_config --version", "PostgreSQL 13.16 (Debian 13.16-0+deb11u1)")
            .Printing("/usr/bin/pg_config --bindir", "/opt/pg13/bin");

        Assert.Equal("/usr/lib/postgresql/15/bin", LocalPrerequisites.FindPostgresBin(null, probe, Debian12));
    }

    [Theory]
    [InlineData("/opt/homebrew/opt/postgresql@17/bin")] // macOS on Apple silicon
    [InlineData("/usr/local/opt/postgresql@16/bin")] // macOS on Intel
    [InlineData("/home/linuxbrew/.linuxbrew/opt/postgresql@14/bin")] // Homebrew on Linux
    public void Finds_Homebrew_installs(string bin)
    {
        var probe = new FakeInstallProbe($"{bin}/postgres");

        Assert.Equal(bin, LocalPrerequisites.FindPostgresBin(null, probe, new HostPlatform(HostOs.MacOs)));
    }

    [Fact]
    public void The_setting_wins_over_every_detected_install()
    {
        var probe = new FakeInstallProbe("/srv/postgres/bin/postgres", "/usr/lib/postgresql/15/bin/postgres");

        Assert.Equal("/srv/postgres/bin", LocalPrerequisites.FindPostgresBin("/srv/postgres/bin", probe, Debian12));
    }

    [Fact]
    public void A_setting_that_points_nowhere_is_refused_naming_the_setting()
    {
        var probe = new FakeInstallProbe("/usr/lib/postgresql/15/bin/postgres");

        var error = Assert.Throws<MissingLocalInstallException>(() => LocalPrerequisites.FindPostgresBin("/nowhere", probe, Debian12));

        Assert.Contains(LocalPrerequisites.PostgresBinKey, error.Message);
        Assert.Contains("/nowhere/postgres", error.Message);
    }

    [Theory]
    [InlineData("ID=debian\nVERSION_ID=\"12\"", "sudo apt-get install -y postgresql-15")]
    [InlineData("ID=debian\nVERSION_ID=\"13\"", "sudo apt-get install -y postgresql-17")]
    [InlineData("ID=ubuntu\nID_LIKE=debian\nVERSION_ID=\"22.04\"", "sudo apt-get install -y postgresql-14")]
    [InlineData("ID=ubuntu\nID_LIKE=debian\nVERSION_ID=\"24.04\"", "sudo apt-get install -y postgresql-16")]
    [InlineData("ID=linuxmint\nID_LIKE=\"ubuntu debian\"\nVERSION_ID=\"22\"", "sudo apt-get install -y postgresql")]
    [InlineData("ID=fedora\nVERSION_ID=41", "your system's package manager")]
    public void None_found_stops_with_the_install_command_of_the_distribution(string osRelease, string installCommand)
    {
        var error = Assert.Throws<MissingLocalInstallException>(() =>
            LocalPrerequisites.FindPostgresBin(null, new FakeInstallProbe(), HostPlatform.FromOsRelease(osRelease)));

        Assert.Contains($"Install it with: {installCommand}", error.Message);
        Assert.Contains(LocalPrerequisites.PostgresBinKey, error.Message);
    }

    [Fact]
    public void None_found_on_macOS_names_Homebrew()
    {
        var error = Assert.Throws<MissingLocalInstallException>(() =>
            LocalPrerequisites.FindPostgresBin(null, new FakeInstallProbe(), new HostPlatform(HostOs.MacOs)));

        Assert.Contains("brew install postgresql@17", error.Message);
    }

    [Fact]
    public void Local_mode_on_Windows_points_to_a_container_runtime()
    {
        var error = Assert.Throws<MissingLocalInstallException>(() =>
            LocalPrerequisites.FindPostgresBin(null, new FakeInstallProbe(), new HostPlatform(HostOs.Windows)));

        Assert.Contains("Docker Desktop or Podman", error.Message);
    }
}
