using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace Workteam.AppHost.Tests;

/// <summary>
/// A Workteam of its own whose smtp4dev offers STARTTLS with a self-signed certificate and refuses mail from a
/// client that has not signed in; Notifier requires TLS, trusts that one certificate and signs in with the
/// credentials from its settings. An SMTP exchange times out after 3 s, so attempts while smtp4dev is stopped fail fast.
/// </summary>
public sealed class MailDeliveryHost : IAsyncLifetime
{
    public const string UserName = "workteam-notifier";

    private RunningAppHost? _host;

    public RunningAppHost Host => _host ?? throw new InvalidOperationException("The app host is not started.");

    /// <summary>A new one for each run.</summary>
    public string Password { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

    public async ValueTask InitializeAsync()
    {
        var dataPath = RunningAppHost.NewDataPath();
        var (certificateFile, keyFile, thumbprint) = WriteSelfSignedCertificate(dataPath);
        _host = await RunningAppHost.StartAsync(
            dataPath,
            builder => builder.CreateResourceBuilder(builder.Resources.OfType<ExecutableResource>().Single(r => r.Name == "smtp"))
                .WithArgs("--tlsmode=StartTls", $"--tlscertificate={certificateFile}", $"--tlscertificateprivatekey={keyFile}",
                    "--authenticationrequired", $"--user={UserName}={Password}"),
            TestContext.Current.CancellationToken,
            TimeSpan.FromMinutes(4),
            $"Notifier:Smtp:UserName={UserName}",
            $"Notifier:Smtp:Password={Password}",
            "Notifier:Smtp:RequireTls=true",
            $"Notifier:Smtp:TrustedCertificateThumbprint={thumbprint}",
            "Notifier:Smtp:Timeout=00:00:03");
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    private static (string CertificateFile, string KeyFile, string Thumbprint) WriteSelfSignedCertificate(string dataPath)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        var certificateFile = Path.Combine(dataPath, "smtp-certificate.pem");
        var keyFile = Path.Combine(dataPath, "smtp-key.pem");
        File.WriteAllText(certificateFile, certificate.ExportCertificatePem());
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
        return (certificateFile, keyFile, certificate.GetCertHashString(HashAlgorithmName.SHA256));
    }
}
