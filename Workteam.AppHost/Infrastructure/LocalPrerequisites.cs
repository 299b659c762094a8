using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace Workteam.AppHost.Infrastructure;

/// <summary>
/// Where the Local mode finds the machine's PostgreSQL (14 to 17) and RabbitMQ, checked before anything starts:
/// the setting, then the usual places of Debian, Ubuntu and Homebrew packages.
/// </summary>
public static partial class LocalPrerequisites
{
    public const string PostgresBinKey = "Workteam:Local:PostgresBin";
    public const string RabbitMqServerKey = "Workteam:Local:RabbitMqServer";

    /// <summary>Highest first: with several installed, the newest supported one runs.</summary>
    public static readonly IReadOnlyList<int> PostgresVersions = [17, 16, 15, 14];

    private static readonly string[] HomebrewPrefixes = ["/opt/homebrew", "/usr/local", "/home/linuxbrew/.linuxbrew"];

    public static string FindPostgresBin(IConfiguration configuration) =>
        FindPostgresBin(configuration[PostgresBinKey], MachineInstallProbe.Instance, HostPlatform.Current(MachineInstallProbe.Instance));

    public static string FindRabbitMqServer(IConfiguration configuration) =>
        FindRabbitMqServer(configuration[RabbitMqServerKey], MachineInstallProbe.Instance, HostPlatform.Current(MachineInstallProbe.Instance));

    /// <summary>True when Local mode would find both servers on this machine without settings.</summary>
    public static bool LocalServersInstalled(IInstallProbe probe) =>
        TryFindPostgresBin(probe) is not null && TryFindRabbitMqServer(probe) is not null;

    /// <summary>The folder holding <c>postgres</c> and <c>initdb</c>.</summary>
    public static string FindPostgresBin(string? configured, IInstallProbe probe, HostPlatform platform)
    {
        EnsureLocalModeRuns(platform);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return HasPostgres(probe, configured)
                ? configured
                : throw new MissingLocalInstallException(
                    $"PostgreSQL is not installed where {PostgresBinKey} points ({Path.Combine(configured, "postgres")} is missing). " +
                    $"Install it with: {platform.PostgresInstallCommand}, or correct the setting.");
        }

        return TryFindPostgresBin(probe) ?? throw new MissingLocalInstallException(
            "PostgreSQL 14 to 17 is not installed (looked for pg_config on PATH, /usr/lib/postgresql/<version>/bin and " +
            $"Homebrew's postgresql@<version>). Install it with: {platform.PostgresInstallCommand}, or set {PostgresBinKey} " +
            "to the folder holding its postgres and initdb. With Docker or Podman running, Auto mode runs it as a container instead.");
    }

    /// <summary>The <c>rabbitmq-server</c> script.</summary>
    public static string FindRabbitMqServer(string? configured, IInstallProbe probe, HostPlatform platform)
    {
        EnsureLocalModeRuns(platform);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return probe.FileExists(configured)
                ? configured
                : throw new MissingLocalInstallException(
                    $"RabbitMQ is not installed where {RabbitMqServerKey} points ({configured} is missing). " +
                    $"Install it with: {platform.RabbitMqInstallCommand}, or correct the setting.");
        }

        return TryFindRabbitMqServer(probe) ?? throw new MissingLocalInstallException(
            "RabbitMQ is not installed (looked for /usr/lib/rabbitmq/bin/rabbitmq-server, rabbitmq-server on PATH and Homebrew's). " +
            $"Install it with: {platform.RabbitMqInstallCommand}, or set {RabbitMqServerKey} to its rabbitmq-server script. " +
            "With Docker or Podman running, Auto mode runs it as a container instead.");
    }

    private static string? TryFindPostgresBin(IInstallProbe probe)
    {
        IEnumerable<string> layouts = PostgresVersions.SelectMany(version => (string[])
        [
            $"/usr/lib/postgresql/{version}/bin",
            .. HomebrewPrefixes.Select(prefix => $"{prefix}/opt/postgresql@{version}/bin"),
        ]);
        return layouts.Prepend(PgConfigBin(probe)).FirstOrDefault(bin => bin is not null && HasPostgres(probe, bin));
    }

    private static string? TryFindRabbitMqServer(IInstallProbe probe)
    {
        IEnumerable<string?> candidates =
        [
            "/usr/lib/rabbitmq/bin/rabbitmq-server",
            OnPath(probe, "rabbitmq-server"),
            .. HomebrewPrefixes.SelectMany(prefix => new[] { $"{prefix}/sbin/rabbitmq-server", $"{prefix}/opt/rabbitmq/sbin/rabbitmq-server" }),
        ];
        return candidates.FirstOrDefault(path => path is not null && probe.FileExists(path));
    }

    /// <summary>The bin folder <c>pg_config</c> on PATH names, when it belongs to a supported version.</summary>
    private static string? PgConfigBin(IInstallProbe probe)
    {
        if (OnPath(probe, "pg_config") is not { } pgConfig
            || probe.Run(pgConfig, "--version") is not { } version
            || !int.TryParse(PostgresMajorVersion().Match(version).Groups[1].Value, out var major)
            || !PostgresVersions.Contains(major))
        {
            return null;
        }

        return probe.Run(pgConfig, "--bindir")?.Trim() is { Length: > 0 } bin ? bin : null;
    }

    private static string? OnPath(IInstallProbe probe, string program) =>
        probe.SearchPath.Select(directory => Path.Combine(directory, program)).FirstOrDefault(probe.FileExists);

    private static bool HasPostgres(IInstallProbe probe, string bin) => probe.FileExists(Path.Combine(bin, "postgres"));

    private static void EnsureLocalModeRuns(HostPlatform platform)
    {
        if (platform.Os == HostOs.Windows)
        {
            throw new MissingLocalInstallException(
                "Local mode runs PostgreSQL and RabbitMQ through bash scripts and needs Linux or macOS. On Windows, start " +
                "Docker Desktop or Podman: Auto mode then runs them as containers (or set Workteam:Infrastructure=Containers).");
        }
    }

    [GeneratedRegex(@"PostgreSQL (\d+)")]
    private static partial Regex PostgresMajorVersion();
}
