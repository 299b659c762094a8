using System.Security.Cryptography;

namespace Workteam.AppHost.Infrastructure;

/// <summary>
/// Passwords of the local servers. Generated once and kept beside their data (never in the repository),
/// because the data directories remember them across app host restarts.
/// </summary>
public static class LocalSecrets
{
    public static string GetOrCreate(string dataRoot, string name)
    {
        var directory = Path.Combine(dataRoot, "secrets");
        var path = Path.Combine(directory, name);
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }

        Directory.CreateDirectory(directory);
        // Letters and digits only: the value goes into connection strings and URIs unescaped.
        var secret = RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 32);
        File.WriteAllText(path, secret);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return secret;
    }
}
