using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Xml;

namespace Workteam.Testing.Saml;

/// <summary>The signature and digest algorithm pair a signature uses.</summary>
public sealed record SamlAlgorithms(string SignatureMethod, string DigestMethod)
{
    /// <summary>What Entra uses by default.</summary>
    public static readonly SamlAlgorithms Sha256 = new(SignedXml.XmlDsigRSASHA256Url, SignedXml.XmlDsigSHA256Url);

    /// <summary>Entra's "SHA-1" signing option, which a service provider should refuse.</summary>
    public static readonly SamlAlgorithms Sha1 = new(SignedXml.XmlDsigRSASHA1Url, SignedXml.XmlDsigSHA1Url);
}

internal static class SamlIds
{
    /// <summary>An xs:ID as Entra makes them: a leading underscore and a GUID.</summary>
    public static string New() => "_" + Guid.NewGuid().ToString();
}

/// <summary>Enveloped, exclusive-c14n XML signatures as Entra makes them.</summary>
internal static class XmlSigning
{
    /// <summary>Signs <paramref name="element"/> (whose ID is <paramref name="id"/>) and places the signature after
    /// <paramref name="insertAfter"/>, or first when it is null.</summary>
    public static void Sign(XmlElement element, string id, XmlElement? insertAfter, X509Certificate2 certificate, SamlAlgorithms algorithms,
        bool keepComments = false)
    {
        var signedXml = new SignedXml(element) { SigningKey = certificate.GetRSAPrivateKey() };
        signedXml.SignedInfo!.CanonicalizationMethod = SignedXml.XmlDsigExcC14NTransformUrl;
        signedXml.SignedInfo.SignatureMethod = algorithms.SignatureMethod;
        var reference = new Reference("#" + id) { DigestMethod = algorithms.DigestMethod };
        reference.AddTransform(new XmlDsigEnvelopedSignatureTransform());
        reference.AddTransform(keepComments ? new XmlDsigExcC14NWithCommentsTransform() : new XmlDsigExcC14NTransform());
        signedXml.AddReference(reference);
        var keyInfo = new KeyInfo();
        keyInfo.AddClause(new KeyInfoX509Data(certificate));
        signedXml.KeyInfo = keyInfo;
        signedXml.ComputeSignature();

        var signature = element.OwnerDocument.ImportNode(signedXml.GetXml(), deep: true);
        if (insertAfter is null)
        {
            element.PrependChild(signature);
        }
        else
        {
            element.InsertAfter(signature, insertAfter);
        }
    }
}
