using System.Xml;
using Microsoft.Extensions.Time.Testing;
using Workteam.Directory.Saml;
using Workteam.Testing.Saml;

namespace Workteam.Directory.Tests.Saml;

/// <summary>An organization's service provider, its Entra-like identity provider and a fake clock, for validator tests.</summary>
public abstract class SamlValidatorFixture : IDisposable
{
    protected static readonly DateTimeOffset Now = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);
    protected const string RequestId = "_4f6c0a9e1b2d4c8f9a7e6d5c4b3a2910";

    protected static readonly SamlServiceProvider Sp = new(
        "https://workteam.example/saml/0d6f3c2a-7d1e-4f50-9a61-3b8e5c1d2f00",
        new Uri("https://workteam.example/saml/0d6f3c2a-7d1e-4f50-9a61-3b8e5c1d2f00/acs"),
        new Uri("https://workteam.example/saml/0d6f3c2a-7d1e-4f50-9a61-3b8e5c1d2f00/signin"),
        new Uri("https://workteam.example/saml/0d6f3c2a-7d1e-4f50-9a61-3b8e5c1d2f00/metadata"));

    protected readonly FakeTimeProvider Clock = new(Now);
    protected readonly TestIdentityProvider Idp = new();

    /// <summary>The identity provider as an admin configured it: from its federation metadata.</summary>
    protected SamlIdentityProvider Trusted => IdentityProviderMetadata.Parse(Idp.FederationMetadataXml());

    /// <summary>An SP-initiated sign-in's response, issued now, with Entra's defaults.</summary>
    protected SamlResponseBuilder NewResponse() =>
        Idp.Response(Sp.EntityId, Sp.AcsUrl).IssuedAt(Now).InResponseToRequest(RequestId);

    protected SamlValidation Validate(string samlResponseBase64, SamlIdentityProvider? idp = null) =>
        new SamlResponseValidator(Clock).Validate(samlResponseBase64, Sp, idp ?? Trusted);

    protected SamlValidation Validate(SamlResponseBuilder response) => Validate(response.ToBase64());

    protected SamlValidation Validate(XmlDocument response) => Validate(SamlResponseBuilder.Encode(response));

    protected static SamlAssertion AssertAccepted(SamlValidation validation)
    {
        Assert.True(validation.Refusal is null, $"Refused: {validation.Refusal?.Code}: {validation.Refusal?.Reason}");
        return validation.Assertion!;
    }

    /// <returns>The refusal's reason, for tests that check what it tells the admin.</returns>
    protected static string AssertRefused(string code, SamlValidation validation)
    {
        Assert.Null(validation.Assertion);
        Assert.NotNull(validation.Refusal);
        Assert.True(code == validation.Refusal.Code, $"Expected {code}, got {validation.Refusal.Code}: {validation.Refusal.Reason}");
        Assert.False(string.IsNullOrWhiteSpace(validation.Refusal.Reason));
        return validation.Refusal.Reason;
    }

    protected static XmlElement Find(XmlDocument document, string xpath) =>
        (XmlElement)document.SelectSingleNode(xpath, Namespaces(document))!;

    protected static XmlElement Response(XmlDocument document) => document.DocumentElement!;

    protected static XmlElement Assertion(XmlDocument document) => Find(document, "/samlp:Response/saml:Assertion");

    protected static XmlElement NameId(XmlDocument document) => Find(document, "//saml:Subject/saml:NameID");

    protected static XmlElement SignatureOf(XmlElement element) =>
        (XmlElement)element.SelectSingleNode("ds:Signature", Namespaces(element.OwnerDocument))!;

    protected static XmlElement NewElement(XmlDocument document, string qualifiedName, string namespaceUri) =>
        document.CreateElement(qualifiedName, namespaceUri);

    protected static XmlNamespaceManager Namespaces(XmlDocument document)
    {
        var namespaces = new XmlNamespaceManager(document.NameTable);
        namespaces.AddNamespace("samlp", SamlResponseBuilder.ProtocolNamespace);
        namespaces.AddNamespace("saml", SamlResponseBuilder.AssertionNamespace);
        namespaces.AddNamespace("ds", "http://www.w3.org/2000/09/xmldsig#");
        return namespaces;
    }

    public void Dispose()
    {
        Idp.Dispose();
        GC.SuppressFinalize(this);
    }
}
