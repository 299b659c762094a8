namespace Workteam.AppHost.Infrastructure;

public enum HostOs
{
    Linux,
    MacOs,
    Windows,
}

/// <summary>The operating system and, on Linux, the distribution from <c>/etc/os-release</c>: they decide the install commands.</summary>
public sealed record HostPlatform(HostOs Os, string? DistributionId = null, string? DistributionVersion = null, bool DebianLike = false)
{
    public const string OsReleasePath = "/etc/os-release";

    public static HostPlatform Current(IInstallProbe probe) =>
        OperatingSystem.IsWindows() ? new HostPlatform(HostOs.Windows)
        : OperatingSystem.IsMacOS() ? new HostPlatform(HostOs.MacOs)
        : FromOsRelease(probe.ReadFile(OsReleasePath));

    public static HostPlatform FromOsRelease(string? osRelease)
    {
        var fields = (osRelease ?? "").Split('\n')
            .Select(line => line.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0].Trim(), pair => pair[1].Trim().Trim('"'));
        var id = fields.GetValueOrDefault("ID");
        var like = fields.GetValueOrDefault("ID_LIKE")?.Split(' ') ?? [];
        return new HostPlatform(HostOs.Linux, id, fields.GetValueOrDefault("VERSION_ID"), id is "debian" or "ubuntu" || like.Contains("debian") || like.Contains("ubuntu"));
    }

    /// <summary>The distribution's own PostgreSQL server package, as eng/prerequisites.sh installs it.</summary>
    public string? PostgresPackage => (DistributionId, DistributionVersion) switch
    {
        ("debian", "12") => "postgresql-15",
        ("debian", "13") => "postgresql-17",
        ("ubuntu", "22.04") => "postgresql-14",
        ("ubuntu", "24.04") => "postgresql-16",
        _ when DebianLike => "postgresql",
        _ => null,
    };

    public string PostgresInstallCommand => Os switch
    {
        HostOs.MacOs => "brew install postgresql@17",
        HostOs.Linux when PostgresPackage is { } package => $"sudo apt-get install -y {package}",
        _ => "your system's package manager (PostgreSQL 14 to 17)",
    };

    public string RabbitMqInstallCommand => Os switch
    {
        HostOs.MacOs => "brew install rabbitmq",
        HostOs.Linux when DebianLike => "sudo apt-get install -y rabbitmq-server",
        _ => "your system's package manager (rabbitmq-server)",
    };
}
