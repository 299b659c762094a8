using System.Xml;
using Workteam.Directory.Saml;
using Workteam.Testing.Saml;

namespace Workteam.Directory.Tests.Saml;

/// <summary>Entra's federation metadata or its three pasted values become the organization's identity provider.</summary>
public sealed class IdentityProviderMetadataTests : IDisposable
{
    private readonly TestIdentityProvider _idp = new();

    [Fact]
    public void Entra_federation_metadata_gives_the_entity_id_the_redirect_sign_on_URL_and_the_signing_certificate()
    {
        var idp = IdentityProviderMetadata.Parse(_idp.FederationMetadataXml());

        Assert.Equal(_idp.EntityId, idp.EntityId);
        Assert.Equal(_idp.SignOnUrl, idp.SignOnUrl);
        Assert.Equal([_idp.Certificate.Thumbprint], idp.SigningCertificates.Select(certificate => certificate.Thumbprint));
    }

    [Fact]
    public void Every_signing_certificate_of_a_rollover_is_kept()
    {
        var rollover = _idp.AddRolloverCertificate();

        var idp = IdentityProviderMetadata.Parse(_idp.FederationMetadataXml());

        Assert.Equal([_idp.Certificate.Thumbprint, rollover.Thumbprint], idp.SigningCertificates.Select(certificate => certificate.Thumbprint));
    }

    [Fact]
    public void The_three_values_are_accepted_with_the_certificate_in_Base64_or_PEM()
    {
        var fromBase64 = IdentityProviderMetadata.FromValues($" {_idp.EntityId} ", _idp.SignOnUrl.AbsoluteUri, _idp.CertificateBase64);
        var fromPem = IdentityProviderMetadata.FromValues(_idp.EntityId, _idp.SignOnUrl.AbsoluteUri, _idp.CertificatePem);

        Assert.Equal(_idp.EntityId, fromBase64.EntityId);
        Assert.Equal(_idp.Certificate.Thumbprint, fromBase64.SigningCertificates.Single().Thumbprint);
        Assert.Equal(_idp.Certificate.Thumbprint, fromPem.SigningCertificates.Single().Thumbprint);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000/saml2")]
    [InlineData("http://localhost:5000/saml2")]
    public void An_http_sign_on_URL_is_accepted_only_on_a_loopback_host(string url)
    {
        Assert.Equal(new Uri(url), IdentityProviderMetadata.FromValues(_idp.EntityId, url, _idp.CertificateBase64).SignOnUrl);
        var refused = Assert.Throws<SamlConfigurationException>(() =>
            IdentityProviderMetadata.FromValues(_idp.EntityId, "http://login.example/saml2", _idp.CertificateBase64));
        Assert.Contains("https", refused.Message);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("not xml", "not well-formed XML")]
    [InlineData("""<!DOCTYPE EntityDescriptor [<!ENTITY x SYSTEM "file:///etc/passwd">]><EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" entityID="&x;"/>""", "DOCTYPE")]
    [InlineData("""<EntitiesDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata"/>""", "several entities")]
    [InlineData("""<html><body>Sign in</body></html>""", "not SAML 2.0 metadata")]
    public void Unusable_documents_are_refused_with_what_is_wrong(string metadata, string expected)
    {
        var refused = Assert.Throws<SamlConfigurationException>(() => IdentityProviderMetadata.Parse(metadata));

        Assert.Contains(expected, refused.Message);
    }

    [Fact]
    public void Metadata_without_an_IDPSSODescriptor_is_refused()
    {
        var refused = ParseAfter(document => Remove(document, "//md:IDPSSODescriptor"));

        Assert.Contains("IDPSSODescriptor", refused.Message);
    }

    [Fact]
    public void Metadata_without_an_HTTP_Redirect_sign_on_service_is_refused()
    {
        var refused = ParseAfter(document => Remove(document,
            $"//md:IDPSSODescriptor/md:SingleSignOnService[@Binding='{TestIdentityProvider.HttpRedirectBinding}']"));

        Assert.Contains("HTTP-Redirect", refused.Message);
    }

    [Fact]
    public void Metadata_without_a_signing_certificate_is_refused()
    {
        var refused = ParseAfter(document => Remove(document, "//md:IDPSSODescriptor/md:KeyDescriptor"));

        Assert.Contains("no signing certificate", refused.Message);
    }

    [Fact]
    public void Metadata_with_a_certificate_that_does_not_parse_is_refused()
    {
        var refused = ParseAfter(document =>
            Select(document, "//md:IDPSSODescriptor//ds:X509Certificate").InnerText = "TUlJQ2Jyb2tlbg==");

        Assert.Contains("not an X.509 certificate", refused.Message);
    }

    [Fact]
    public void Metadata_with_an_http_sign_on_URL_is_refused()
    {
        var refused = ParseAfter(document =>
        {
            foreach (XmlElement service in document.SelectNodes("//md:SingleSignOnService", Namespaces(document))!)
            {
                service.SetAttribute("Location", "http://login.example/saml2");
            }
        });

        Assert.Contains("must use https", refused.Message);
    }

    [Theory]
    [InlineData("", "https://login.example/saml2", "entity id")]
    [InlineData("not a uri", "https://login.example/saml2", "absolute URI")]
    [InlineData("https://sts.windows.net/t/", "", "sign-on URL")]
    [InlineData("https://sts.windows.net/t/", "/saml2", "absolute https URL")]
    public void Pasted_values_that_are_unusable_are_refused(string entityId, string signOnUrl, string expected)
    {
        var refused = Assert.Throws<SamlConfigurationException>(() =>
            IdentityProviderMetadata.FromValues(entityId, signOnUrl, _idp.CertificateBase64));

        Assert.Contains(expected, refused.Message);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("not base64!", "not an X.509 certificate")]
    [InlineData("-----BEGIN PUBLIC KEY-----\nTUlJ\n-----END PUBLIC KEY-----", "not an X.509 certificate")]
    public void A_pasted_certificate_that_does_not_parse_is_refused(string certificate, string expected)
    {
        var refused = Assert.Throws<SamlConfigurationException>(() =>
            IdentityProviderMetadata.FromValues(_idp.EntityId, _idp.SignOnUrl.AbsoluteUri, certificate));

        Assert.Contains(expected, refused.Message);
    }

    public void Dispose() => _idp.Dispose();

    private SamlConfigurationException ParseAfter(Action<XmlDocument> change)
    {
        var document = new XmlDocument { PreserveWhitespace = true };
        document.LoadXml(_idp.FederationMetadataXml());
        change(document);
        return Assert.Throws<SamlConfigurationException>(() => IdentityProviderMetadata.Parse(document.OuterXml));
    }

    private static void Remove(XmlDocument document, string xpath)
    {
        foreach (XmlNode node in document.SelectNodes(xpath, Namespaces(document))!)
        {
            node.ParentNode!.RemoveChild(node);
        }
    }

    private static XmlElement Select(XmlDocument document, string xpath) =>
        (XmlElement)document.SelectSingleNode(xpath, Namespaces(document))!;

    private static XmlNamespaceManager Namespaces(XmlDocument document)
    {
        var namespaces = new XmlNamespaceManager(document.NameTable);
        namespaces.AddNamespace("md", TestIdentityProvider.MetadataNamespace);
        namespaces.AddNamespace("ds", "http://www.w3.org/2000/09/xmldsig#");
        return namespaces;
    }
}
