namespace Workteam.AppHost.Infrastructure;

/// <summary>Where the Local mode keeps server data (git-ignored) and finds its launcher scripts.</summary>
public sealed record LocalPaths(string DataRoot, string Scripts)
{
    public const string DataRootKey = "Workteam:LocalDataPath";

    public static LocalPaths From(IDistributedApplicationBuilder builder)
    {
        var configured = builder.Configuration[DataRootKey];
        var dataRoot = string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(builder.AppHostDirectory, "..", ".local")
            : configured;
        return new LocalPaths(Path.GetFullPath(dataRoot), Path.Combine(builder.AppHostDirectory, "Local"));
    }

    public string DataFor(string server) => Path.Combine(DataRoot, server);

    public string Script(string name) => Path.Combine(Scripts, name);

    /// <summary>Launch arguments that run a server script as <paramref name="serviceUser"/> when the app host is root.</summary>
    public string[] LaunchArgs(string serviceUser, string server, string script) =>
        [Script("run-as-service-user.sh"), serviceUser, DataFor(server), Script(script)];
}
