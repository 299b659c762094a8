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
}
