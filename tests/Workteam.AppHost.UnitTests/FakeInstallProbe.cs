using Workteam.AppHost.Infrastructure;

namespace Workteam.AppHost.UnitTests;

/// <summary>A machine made of the listed files and program outputs.</summary>
internal sealed class FakeInstallProbe(params string[] files) : IInstallProbe
{
    private readonly HashSet<string> _files = [.. files];
    private readonly Dictionary<string, string> _outputs = [];

    public IReadOnlyList<string> SearchPath { get; init; } = ["/usr/local/bin", "/usr/bin", "/bin"];

    /// <summary>What <paramref name="commandLine"/> (program and arguments, space-separated) prints.</summary>
    public FakeInstallProbe Printing(string commandLine, string output)
    {
        _outputs[commandLine] = output;
        return this;
    }

    public bool FileExists(string path) => _files.Contains(path);

    public string? Run(string program, params string[] arguments) => _outputs.GetValueOrDefault(string.Join(' ', [program, .. arguments]));

    public string? ReadFile(string path) => null;
}
