namespace Workteam.Directory.Saml;

/// <summary>Where a sign-in may send the person afterwards: only a path of Workteam itself.</summary>
public static class ReturnPaths
{
    public const string ConsoleHome = "/organization/settings";

    private const int MaxLength = 2048;

    /// <summary>
    /// A local path: starts with one "/" that a browser cannot read as the start of another host ("//host" or "/\host"),
    /// and holds no control characters (a browser drops tabs and newlines, which could join "/" and "/" again).
    /// </summary>
    public static bool IsLocal(string? path) =>
        !string.IsNullOrEmpty(path)
        && path.Length <= MaxLength
        && path[0] == '/'
        && (path.Length == 1 || (path[1] != '/' && path[1] != '\\'))
        && !path.Any(char.IsControl);

    public static string OrHome(string? path) => IsLocal(path) ? path! : ConsoleHome;
}
