using Microsoft.Extensions.Configuration;

namespace Workteam.AppHost.Infrastructure;

public static class ConfigurationExtensions
{
    /// <summary>A fixed host port from configuration; 0 lets Aspire pick a free one (tests run several app hosts at once).</summary>
    public static int? GetFixedPort(this IConfiguration configuration, string key, int defaultPort)
    {
        var port = configuration.GetValue<int?>(key) ?? defaultPort;
        return port == 0 ? null : port;
    }

    /// <summary>Passes every value under <paramref name="section"/> of the app host's configuration to the resource, under the same key.</summary>
    public static IResourceBuilder<T> WithSettingsFrom<T>(this IResourceBuilder<T> resource, IConfiguration configuration, string section)
        where T : IResourceWithEnvironment
    {
        var settings = configuration.GetSection(section);
        // AsEnumerable with relative paths leaves out the section's own value (Gateway:KnownProxies=a,b).
        if (settings.Value is { } own)
        {
            resource.WithEnvironment(section.Replace(":", "__", StringComparison.Ordinal), own);
        }

        foreach (var (key, value) in settings.AsEnumerable(makePathsRelative: true))
        {
            if (value is not null)
            {
                resource.WithEnvironment($"{section}:{key}".Replace(":", "__", StringComparison.Ordinal), value);
            }
        }

        return resource;
    }
}
