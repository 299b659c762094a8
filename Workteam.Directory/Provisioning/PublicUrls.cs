using Workteam.Directory.Saml;

namespace Workteam.Directory.Provisioning;

/// <summary>
/// The address people and Entra use to reach Workteam (<c>Workteam:PublicBaseUrl</c>): the gateway's URL,
/// or the URL of the TLS-terminating proxy in front of it.
/// </summary>
public sealed class PublicUrls(IConfiguration configuration)
{
    public const string ConfigurationKey = "Workteam:PublicBaseUrl";

    private readonly string _baseUrl = (configuration[ConfigurationKey] ?? "http://localhost:5280").TrimEnd('/');

    public string ScimBaseUrl(Guid organizationId) => $"{_baseUrl}/scim/v2/{organizationId}";

    /// <summary>
    /// The console page where an invited member sets a password. The code is in the fragment, which browsers never
    /// send: the page's script posts it, so it reaches no request line, trace or proxy log.
    /// </summary>
    public string InvitationUrl(string code) => $"{_baseUrl}/invitations#{Uri.EscapeDataString(code)}";

    /// <summary>The console page where a member chooses a new password; the code is in the fragment, as for invitations.</summary>
    public string PasswordResetUrl(string code) => $"{_baseUrl}/password-reset#{Uri.EscapeDataString(code)}";

    /// <summary>The console page where admins apply or discard the deprovisionings the guard holds.</summary>
    public string HeldDeprovisioningsUrl() => $"{_baseUrl}/organization/held-deprovisionings";

    /// <summary>
    /// Workteam's side of an organization's SAML trust. The entity id is the metadata URL: unique per organization
    /// (so an assertion for one organization never passes another's audience check) and resolvable to the metadata.
    /// </summary>
    public SamlServiceProvider SamlServiceProvider(Guid organizationId)
    {
        var metadataUrl = $"{_baseUrl}/saml/{organizationId}/metadata";
        return new SamlServiceProvider(metadataUrl, new Uri($"{_baseUrl}/saml/{organizationId}/acs"),
            new Uri($"{_baseUrl}/saml/{organizationId}/signin"), new Uri(metadataUrl));
    }
}
