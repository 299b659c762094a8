using Workteam.AppHost.Infrastructure;

namespace Workteam.AppHost.UnitTests;

public sealed class HostPlatformTests
{
    [Theory]
    [InlineData("PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\nVERSION_ID=\"12\"\n", "postgresql-15")]
    [InlineData("ID=debian\nVERSION_ID=\"13\"\n", "postgresql-17")]
    [InlineData("NAME=\"Ubuntu\"\nID=ubuntu\nID_LIKE=debian\nVERSION_ID=\"22.04\"\n", "postgresql-14")]
    [InlineData("NAME=\"Ubuntu\"\nID=ubuntu\nID_LIKE=debian\nVERSION_ID=\"24.04\"\n", "postgresql-16")]
    [InlineData("ID=pop\nID_LIKE=\"ubuntu debian\"\nVERSION_ID=\"22.04\"\n", "postgresql")]
    [InlineData("ID=arch\n", null)]
    [InlineData(null, null)]
    public void The_distribution_decides_the_PostgreSQL_package(string? osRelease, string? package)
    {
        Assert.Equal(package, HostPlatform.FromOsRelease(osRelease).PostgresPackage);
    }
}
