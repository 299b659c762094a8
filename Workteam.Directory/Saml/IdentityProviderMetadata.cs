using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Xml;

namespace Workteam.Directory.Saml;

/// <summary>
/// Turns what an admin gives about their identity provider into a <see cref="SamlIdentityProvider"/>: Entra's
/// Federation Metadata XML, or its Microsoft Entra Identifier, Login URL and Base64 signing certificate.
/// Anything unusable is a <see cref="SamlConfigurationException"/> that says what is wrong.
/// </summary>
public static class IdentityProviderMetadata
{
    /// <summary>Entra's metadata is a few dozen kilobytes; this bounds what the parser reads.</summary>
    public const int MaxMetadataCharacters = 1024 * 1024;

    public static SamlIdentityProvider Parse(string metadataXml)
    {
        if (string.IsNullOrWhiteSpace(metadataXml))
        {
            throw new SamlConfigurationException("The federation metadata is empty.");
        }

        var root = Load(metadataXml).DocumentElement!;
        if (root.LocalName == "EntitiesDescriptor" && root.NamespaceURI == SamlNames.Metadata)
        {
            throw new SamlConfigurationException(
                "The federation metadata describes several entities; download the Federation Metadata XML of the Workteam application in Entra.");
        }

        if (root.LocalName != "EntityDescriptor" || root.NamespaceURI != SamlNames.Metadata)
        {
            throw new SamlConfigurationException(
                $"The document is not SAML 2.0 metadata: its root element is {root.Name}, not an EntityDescriptor.");
        }

        var descriptor = root.Children(SamlNames.Metadata, "IDPSSODescriptor").FirstOrDefault(
            element => element.GetAttribute("protocolSupportEnumeration").Split(' ').Contains(SamlNames.Protocol))
            ?? throw new SamlConfigurationException(
                "The metadata has no IDPSSODescriptor for SAML 2.0: it does not describe a SAML identity provider.");

        var signOn = descriptor.Children(SamlNames.Metadata, "SingleSignOnService")
            .FirstOrDefault(service => service.GetAttribute("Binding") == SamlNames.HttpRedirectBinding)
            ?? throw new SamlConfigurationException(
                "The metadata has no SingleSignOnService with the HTTP-Redirect binding, which Workteam sends sign-in requests with.");

        var certificates = descriptor.Children(SamlNames.Metadata, "KeyDescriptor")
            .Where(key => key.GetAttribute("use") is "signing" or "")
            .SelectMany(key => key.Descendants(SamlNames.XmlDsig, "X509Certificate"))
            .Select((element, index) => Certificate(element.InnerText, $"Signing certificate {index + 1} of the metadata"))
            .DistinctBy(certificate => certificate.Thumbprint)
            .ToList();
        if (certificates.Count == 0)
        {
            throw new SamlConfigurationException("The metadata has no signing certificate (KeyDescriptor use=\"signing\").");
        }

        return new SamlIdentityProvider(
            EntityId(root.GetAttribute("entityID")),
            SignOnUrl(signOn.GetAttribute("Location")),
            certificates);
    }

    /// <param name="entityId">Entra's "Microsoft Entra Identifier", e.g. https://sts.windows.net/{tenant}/.</param>
    /// <param name="signOnUrl">Entra's "Login URL".</param>
    /// <param name="certificate">The signing certificate, Base64 DER or PEM ("Certificate (Base64)" in Entra).</param>
    public static SamlIdentityProvider FromValues(string entityId, string signOnUrl, string certificate) =>
        new(EntityId(entityId), SignOnUrl(signOnUrl), [Certificate(certificate, "The signing certificate")]);

    private static XmlDocument Load(string metadataXml)
    {
        if (metadataXml.Length > MaxMetadataCharacters)
        {
            throw new SamlConfigurationException(
                $"The federation metadata is larger than {MaxMetadataCharacters / 1024} KB; Entra's is a few dozen KB.");
        }

        try
        {
            return SafeXml.Load(metadataXml, MaxMetadataCharacters);
        }
        catch (SafeXml.RefusedException refused) when (refused.HasDoctype)
        {
            throw new SamlConfigurationException("The federation metadata contains a DOCTYPE, which Workteam does not accept.");
        }
        catch (SafeXml.RefusedException refused)
        {
            throw new SamlConfigurationException($"The federation metadata is not well-formed XML: {refused.Message}");
        }
    }

    private static string EntityId(string? value)
    {
        var entityId = value?.Trim();
        if (string.IsNullOrEmpty(entityId))
        {
            throw new SamlConfigurationException("The identity provider's entity id (Microsoft Entra Identifier) is missing.");
        }

        if (!Uri.TryCreate(entityId, UriKind.Absolute, out _))
        {
            throw new SamlConfigurationException(
                $"The identity provider's entity id \"{entityId}\" is not an absolute URI such as https://sts.windows.net/<tenant id>/.");
        }

        return entityId;
    }

    /// <summary>An https URL; http only to a loopback host, where a test identity provider runs.</summary>
    internal static Uri SignOnUrl(string? value)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            throw new SamlConfigurationException("The identity provider's sign-on URL (Login URL) is missing.");
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            throw new SamlConfigurationException($"The identity provider's sign-on URL \"{text}\" is not an absolute https URL.");
        }

        if (url.Scheme == Uri.UriSchemeHttp && !IsLoopback(url))
        {
            throw new SamlConfigurationException($"The identity provider's sign-on URL \"{text}\" must use https.");
        }

        return url;
    }

    private static bool IsLoopback(Uri url) =>
        url.IsLoopback || (IPAddress.TryParse(url.DnsSafeHost, out var address) && IPAddress.IsLoopback(address));

    private static X509Certificate2 Certificate(string? text, string what)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new SamlConfigurationException($"{what} is empty.");
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadCertificate(DerBytes(text));
        }
        catch (Exception exception) when (exception is FormatException or CryptographicException)
        {
            throw new SamlConfigurationException(
                $"{what} is not an X.509 certificate in Base64 (DER) or PEM: {exception.Message}");
        }

        using var key = certificate.GetRSAPublicKey();
        if (key is null)
        {
            throw new SamlConfigurationException($"{what} does not hold an RSA key, which Entra signs with.");
        }

        if (key.KeySize < 2048)
        {
            throw new SamlConfigurationException($"{what} holds a {key.KeySize}-bit RSA key; at least 2048 bits are required.");
        }

        return certificate;
    }

    private static byte[] DerBytes(string text)
    {
        if (text.Contains("-----BEGIN", StringComparison.Ordinal))
        {
            if (!PemEncoding.TryFind(text, out var fields) || text[fields.Label] != "CERTIFICATE")
            {
                throw new FormatException("the PEM text holds no CERTIFICATE block.");
            }

            return Convert.FromBase64String(text[fields.Base64Data].ToString());
        }

        return Convert.FromBase64String(string.Concat(text.Where(character => !char.IsWhiteSpace(character))));
    }
}
