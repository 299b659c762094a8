using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Xml;

namespace Workteam.Testing.Saml;

/// <summary>
/// An identity provider that behaves like Microsoft Entra ID towards a SAML service provider: its own RSA-2048
/// signing certificate (and, on request, a second one as during Entra's certificate rollover), Entra-like federation
/// metadata, and SAML Responses signed the way Entra signs them (see <see cref="SamlResponseBuilder"/>).
/// </summary>
public sealed class TestIdentityProvider : IDisposable
{
    public const string MetadataNamespace = "urn:oasis:names:tc:SAML:2.0:metadata";
    public const string HttpRedirectBinding = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect";
    public const string HttpPostBinding = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST";

    /// <param name="tenantId">Entra's tenant id; two providers with the same tenant share the entity id but not the key.</param>
    /// <param name="signOnUrl">Where AuthnRequests go (Entra's Login URL); by default Entra's for the tenant.</param>
    public TestIdentityProvider(Guid? tenantId = null, Uri? signOnUrl = null)
    {
        TenantId = tenantId ?? Guid.NewGuid();
        EntityId = $"https://sts.windows.net/{TenantId}/";
        SignOnUrl = signOnUrl ?? new Uri($"https://login.microsoftonline.com/{TenantId}/saml2");
        Certificate = NewSigningCertificate("Microsoft Azure Federated SSO Certificate");
    }

    public Guid TenantId { get; }

    /// <summary>Entra's "Microsoft Entra Identifier": the Issuer of its responses.</summary>
    public string EntityId { get; }

    /// <summary>Entra's "Login URL".</summary>
    public Uri SignOnUrl { get; }

    /// <summary>The active signing certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The second certificate of a rollover, once <see cref="AddRolloverCertificate"/> made one.</summary>
    public X509Certificate2? RolloverCertificate { get; private set; }

    /// <summary>The active certificate as Entra's "Certificate (Base64)" download holds it: Base64 DER.</summary>
    public string CertificateBase64 => Convert.ToBase64String(Certificate.RawData);

    /// <summary>The active certificate in PEM, as an admin may paste it.</summary>
    public string CertificatePem => Certificate.ExportCertificatePem();

    /// <summary>Makes a second signing certificate that the metadata lists too, as Entra does before a rollover.</summary>
    public X509Certificate2 AddRolloverCertificate()
    {
        RolloverCertificate ??= NewSigningCertificate("Microsoft Azure Federated SSO Certificate (rollover)");
        return RolloverCertificate;
    }

    /// <summary>A response to the service provider with this entity id and Assertion Consumer Service URL.</summary>
    public SamlResponseBuilder Response(string serviceProviderEntityId, Uri acsUrl) =>
        new(this, serviceProviderEntityId, acsUrl);

    /// <summary>
    /// Signs any element by its ID attribute, as this provider would (after its Issuer child when it has one), for
    /// tests that build structures Entra never sends.
    /// </summary>
    /// <param name="keepComments">Canonicalizes the signed element with comments (a transform Entra does not use).</param>
    public void Sign(XmlElement element, SamlAlgorithms? algorithms = null, X509Certificate2? certificate = null, bool keepComments = false)
    {
        var issuer = element.ChildNodes.OfType<XmlElement>().FirstOrDefault(child => child.LocalName == "Issuer");
        XmlSigning.Sign(element, element.GetAttribute("ID"), issuer, certificate ?? Certificate, algorithms ?? SamlAlgorithms.Sha256, keepComments);
    }

    /// <summary>The "Federation Metadata XML" Entra offers for download, signed like Entra's.</summary>
    public string FederationMetadataXml()
    {
        var certificates = RolloverCertificate is null ? [Certificate] : new[] { Certificate, RolloverCertificate };
        var keyDescriptors = string.Concat(certificates.Select(certificate => $"""
                <KeyDescriptor use="signing"><KeyInfo xmlns="http://www.w3.org/2000/09/xmldsig#"><X509Data><X509Certificate>{Convert.ToBase64String(certificate.RawData)}</X509Certificate></X509Data></KeyInfo></KeyDescriptor>
            """));
        var id = SamlIds.New();
        var xml = $"""
            <?xml version="1.0" encoding="utf-8"?>
            <EntityDescriptor ID="{id}" entityID="{EntityId}" xmlns="{MetadataNamespace}">
              <RoleDescriptor xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:fed="http://docs.oasis-open.org/wsfed/federation/200706" xsi:type="fed:SecurityTokenServiceType" protocolSupportEnumeration="http://docs.oasis-open.org/wsfed/federation/200706">
            {keyDescriptors}
                <fed:PassiveRequestorEndpoint><EndpointReference xmlns="http://www.w3.org/2005/08/addressing"><Address>https://login.microsoftonline.com/{TenantId}/wsfed</Address></EndpointReference></fed:PassiveRequestorEndpoint>
              </RoleDescriptor>
              <IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
            {keyDescriptors}
                <SingleLogoutService Binding="{HttpRedirectBinding}" Location="{SignOnUrl}" />
                <SingleSignOnService Binding="{HttpRedirectBinding}" Location="{SignOnUrl}" />
                <SingleSignOnService Binding="{HttpPostBinding}" Location="{SignOnUrl}" />
              </IDPSSODescriptor>
            </EntityDescriptor>
            """;
        var document = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        document.LoadXml(xml);
        XmlSigning.Sign(document.DocumentElement!, id, insertAfter: null, Certificate, SamlAlgorithms.Sha256);
        return document.OuterXml;
    }

    public void Dispose()
    {
        Certificate.Dispose();
        RolloverCertificate?.Dispose();
    }

    private static X509Certificate2 NewSigningCertificate(string commonName)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddDays(-1), now.AddYears(3));
    }
}
