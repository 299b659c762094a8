namespace Workteam.AppHost.Infrastructure;

/// <summary>Where the Local mode keeps server data (git-ignored) and finds its launcher scripts.</summary>
public sealed record LocalPaths(string DataRoot, string Scripts)
{
    public const string DataRootKey = "Workteam:LocalDataPath";

    public static LocalPaths From(IDistributedApplicationBuilder builder)
    {
        var configured = builder.Configuration[DataRootKey];
        var dataRoot = string.IsNullOrWhiteSpace(configured) ? DefaultDataRoot(builder.AppHostDirectory) : configured;
        return new LocalPaths(Path.GetFullPath(dataRoot), Path.Combine(builder.AppHostDirectory, "Local"));
    }

    /// <summary>
    /// <c>.local</c> in the checkout. As root the servers run as their own users, who must be able to reach their
    /// folders: a checkout inside a root-only folder (such as <c>/root</c>) keeps its data in <c>/var/tmp</c>.
    /// </summary>
    private static string DefaultDataRoot(string appHostDirectory)
    {
        var inCheckout = Path.GetFullPath(Path.Combine(appHostDirectory, "..", ".local"));
        if (OperatingSystem.IsWindows() || !Environment.IsPrivilegedProcess || OthersCanReach(Path.GetDirectoryName(inCheckout)!))
        {
            return inCheckout;
        }

        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(inCheckout)))[..12];
        return Path.Combine("/var/tmp", $"workteam-{hash}");
    }

    private static bool OthersCanReach(string directory)
    {
        for (var current = new DirectoryInfo(directory); current is not null; current = current.Parent)
        {
            if ((current.UnixFileMode & UnixFileMode.OtherExecute) == 0)
            {
                return false;
            }
        }

        return true;
    }

    public string DataFor(string server) => Path.Combine(DataRoot, server);

    public string Script(string name) => Path.Combine(Scripts, name);

    /// <summary>Launch arguments that run a server script as <paramref name="serviceUser"/> when the app host is root.</summary>
    public string[] LaunchArgs(string serviceUser, string server, string script) =>
        [Script("run-as-service-user.sh"), serviceUser, DataFor(server), Script(script)];
}
