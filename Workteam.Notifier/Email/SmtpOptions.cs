namespace Workteam.Notifier.Email;

/// <summary>
/// Where mail goes: the <c>smtp</c> connection string (<c>smtp://host:port</c>) plus the <c>Notifier:Smtp</c> section.
/// The connection is upgraded with STARTTLS whenever the server offers it; the server's certificate is validated.
/// </summary>
public sealed class SmtpOptions
{
    public const string ConnectionName = "smtp";
    public const string SectionName = "Notifier:Smtp";

    public string Host { get; set; } = "localhost";

    public int Port { get; set; } = 25;

    public string FromAddress { get; set; } = "no-reply@workteam.localhost";

    public string FromName { get; set; } = "Workteam";

    /// <summary>
    /// How long one SMTP exchange (connect, greeting, each command) may take. A server that accepts the connection but
    /// never answers (as a proxy in front of a stopped server does) fails the attempt after this instead of blocking it.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Refuse to send unless the server offers STARTTLS (otherwise it is used whenever offered).</summary>
    public bool RequireTls { get; set; }

    /// <summary>Sign in to the SMTP server with this user name (and <see cref="Password"/>); none when empty.</summary>
    public string? UserName { get; set; }

    /// <summary>Sent only over TLS, and never logged.</summary>
    public string? Password { get; set; }

    /// <summary>
    /// The SHA-256 thumbprint (hex) of one server certificate to trust even though its chain or name does not
    /// validate, such as a self-signed certificate of a test server. Every other certificate must validate.
    /// </summary>
    public string? TrustedCertificateThumbprint { get; set; }

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
