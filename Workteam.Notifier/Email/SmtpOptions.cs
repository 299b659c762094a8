namespace Workteam.Notifier.Email;

/// <summary>Where mail goes: the <c>smtp</c> connection string (<c>smtp://host:port</c>) plus the <c>Smtp</c> section.</summary>
public sealed class SmtpOptions
{
    public const string ConnectionName = "smtp";
    public const string SectionName = "Smtp";

    public string Host { get; set; } = "localhost";

    public int Port { get; set; } = 25;

    public string FromAddress { get; set; } = "no-reply@workteam.localhost";

    public string FromName { get; set; } = "Workteam";

    /// <summary>
    /// How long one SMTP exchange (connect, greeting, each command) may take. A server that accepts the connection but
    /// never answers (as a proxy in front of a stopped server does) fails the attempt after this instead of blocking it.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

    public static SmtpOptions FromConnectionString(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException($"Connection string '{ConnectionName}' is missing.");
        }

        var uri = new Uri(connectionString);
        return new SmtpOptions { Host = uri.Host, Port = uri.IsDefaultPort ? 25 : uri.Port };
    }
}
