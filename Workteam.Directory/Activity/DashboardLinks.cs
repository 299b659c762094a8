namespace Workteam.Directory.Activity;

/// <summary>
/// Links to the trace view of the dashboard that collects Workteam's traces (<c>Directory:DashboardUrl</c>; the app
/// host sets it to the Aspire dashboard's address when it runs one). Without it, trace ids are shown as text.
/// </summary>
public sealed class DashboardLinks(IConfiguration configuration)
{
    public const string ConfigurationKey = "Directory:DashboardUrl";

    private readonly string? _dashboard =
        Uri.TryCreate(configuration[ConfigurationKey], UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
            ? url.GetLeftPart(UriPartial.Path).TrimEnd('/')
            : null;

    /// <summary>The dashboard's page of the trace, or null when the dashboard's address is not known.</summary>
    public string? TraceUrl(string traceId) => _dashboard is null ? null : $"{_dashboard}/traces/detail/{Uri.EscapeDataString(traceId)}";
}
