using System.Runtime.InteropServices;
using System.Text.Json;

namespace Workteam.AppHost.Infrastructure;

/// <summary>
/// smtp4dev, the development SMTP server with a web UI, run from the repository's dotnet local tool (Local mode).
/// Its connection string is <c>smtp://host:port</c>.
/// </summary>
public sealed class Smtp4devResource(string name, string workingDirectory)
    : ExecutableResource(name, "bash", workingDirectory), IResourceWithConnectionString
{
    public EndpointReference SmtpEndpoint => new(this, "smtp");

    public EndpointReference WebEndpoint => new(this, "http");

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"smtp://{SmtpEndpoint.Property(EndpointProperty.HostAndPort)}");
}

/// <summary>smtp4dev from its container image (Containers mode), with the same endpoints and connection string.</summary>
public sealed class Smtp4devContainerResource(string name) : ContainerResource(name), IResourceWithConnectionString
{
    public EndpointReference SmtpEndpoint => new(this, "smtp");

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"smtp://{SmtpEndpoint.Property(EndpointProperty.HostAndPort)}");
}

public static class Smtp4devBuilderExtensions
{
    public const string WebPortKey = "Workteam:MailUiPort";
    public const int DefaultWebPort = 5281;

    /// <summary>The image of the same smtp4dev version as the dotnet local tool.</summary>
    public const string Image = "rnwood/smtp4dev";
    public const string ImageTag = "3.15.0";

    /// <summary>An API call that answers once smtp4dev has opened its message store.</summary>
    private const string HealthPath = "/api/messages";

    public static IResourceBuilder<Smtp4devContainerResource> AddSmtp4devContainer(this IDistributedApplicationBuilder builder, string name) =>
        builder.AddResource(new Smtp4devContainerResource(name))
            .WithImage(Image, ImageTag)
            .WithImageRegistry("docker.io")
            .WithVolume("workteam-smtp4dev-data", "/smtp4dev")
            .WithEnvironment("ServerOptions__HostName", "localhost")
            .WithEnvironment("ServerOptions__NumberOfMessagesToKeep", "10000")
            .WithEnvironment("ServerOptions__NumberOfSessionsToKeep", "1000")
            .WithEndpoint(name: "smtp", scheme: "tcp", targetPort: 25)
            .WithHttpEndpoint(name: "http", port: builder.Configuration.GetFixedPort(WebPortKey, DefaultWebPort), targetPort: 80)
            .WithUrlForEndpoint("http", url => url.DisplayText = "Mail (smtp4dev)")
            .WithHttpHealthCheck(HealthPath, endpointName: "http");

    public static IResourceBuilder<Smtp4devResource> AddSmtp4dev(this IDistributedApplicationBuilder builder, string name, LocalPaths paths)
    {
        var assembly = FindToolAssembly(builder.AppHostDirectory);
        return builder.AddResource(new Smtp4devResource(name, paths.Scripts))
            .WithArgs(paths.Script("smtp4dev.sh"), paths.DataFor("smtp4dev"))
            .WithEnvironment("WORKTEAM_SMTP4DEV_DLL", assembly)
            .WithEndpoint(name: "smtp", scheme: "tcp", env: "WORKTEAM_SMTP_PORT")
            .WithHttpEndpoint(name: "http", port: builder.Configuration.GetFixedPort(WebPortKey, DefaultWebPort), env: "WORKTEAM_MAIL_UI_PORT")
            .WithUrlForEndpoint("http", url => url.DisplayText = "Mail (smtp4dev)")
            .WithHttpHealthCheck(HealthPath, endpointName: "http");
    }

    private static string FindToolAssembly(string appHostDirectory)
    {
        var manifest = Path.Combine(appHostDirectory, "..", ".config", "dotnet-tools.json");
        using var document = JsonDocument.Parse(File.ReadAllText(manifest));
        var version = document.RootElement.GetProperty("tools").GetProperty("rnwood.smtp4dev").GetProperty("version").GetString();
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var rid = RuntimeInformation.RuntimeIdentifier;
        string[] candidates =
        [
            Path.Combine(packages, $"rnwood.smtp4dev.{rid}", version!, "tools", "net10.0", rid, "Rnwood.Smtp4dev.dll"),
            Path.Combine(packages, "rnwood.smtp4dev.any", version!, "tools", "net10.0", "any", "Rnwood.Smtp4dev.dll"),
        ];
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new MissingLocalInstallException(
                $"smtp4dev {version} is not restored. Install it with: dotnet tool restore (in {Path.GetFullPath(Path.Combine(appHostDirectory, ".."))})");
    }
}
