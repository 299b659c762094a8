using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Workteam.Gateway;

/// <summary>
/// <c>Gateway:KnownProxies</c>: the addresses (<c>10.0.0.5</c>) and networks (<c>10.0.0.0/8</c>) of the proxies in
/// front of the gateway, as a list or one comma-separated value. Only their <c>X-Forwarded-For</c> and
/// <c>X-Forwarded-Proto</c> are believed; by default none, so the client is the connection's peer and a forged
/// header gains nothing. What the gateway forwards to the services as <c>X-Forwarded-For</c> is the client it
/// determined.
/// </summary>
public static class KnownProxies
{
    public const string SectionName = "Gateway:KnownProxies";

    /// <summary>
    /// Believes the forwarded headers of the configured proxies only. Without any, the middleware is left out: with
    /// empty lists it would believe every peer.
    /// </summary>
    public static void UseKnownProxies(this WebApplication app)
    {
        var options = new ForwardedHeadersOptions();
        Configure(options, app.Configuration);
        if (options.KnownProxies.Count > 0 || options.KnownIPNetworks.Count > 0)
        {
            app.UseForwardedHeaders(options);
        }
    }

    private static void Configure(ForwardedHeadersOptions options, IConfiguration configuration)
    {
        options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        options.ForwardLimit = null;
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var entry in Entries(configuration.GetSection(SectionName)))
        {
            if (entry.Contains('/', StringComparison.Ordinal))
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(entry));
            }
            else
            {
                options.KnownProxies.Add(IPAddress.Parse(entry));
            }
        }
    }

    private static IEnumerable<string> Entries(IConfigurationSection section) =>
        (section.Value is { } list ? list.Split(',') : section.GetChildren().Select(child => child.Value ?? ""))
            .Select(entry => entry.Trim())
            .Where(entry => entry.Length > 0);
}
