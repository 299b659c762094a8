using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Xml;
using Codes = Workteam.Directory.Saml.SamlRefusalCodes;

namespace Workteam.Directory.Saml;

/// <summary>
/// Checks the XML signatures of a Response: each one enveloped in the Response or its one Assertion, referencing
/// exactly that element by its unique ID, with only the enveloped and exclusive-c14n transforms, RSA with SHA-256 or
/// stronger, and verifying with one of the identity provider's certificates (never a key the document carries).
/// </summary>
internal static class SamlSignatures
{
    private static readonly string[] StrongSignatureMethods =
        [SignedXml.XmlDsigRSASHA256Url, SignedXml.XmlDsigRSASHA384Url, SignedXml.XmlDsigRSASHA512Url];

    private static readonly string[] StrongDigestMethods =
        [SignedXml.XmlDsigSHA256Url, SignedXml.XmlDsigSHA384Url, SignedXml.XmlDsigSHA512Url];

    private static readonly string[] IdAttributeNames = ["ID", "Id", "id"];

    /// <summary>Which of the two elements carry a signature that verified. Every signature present must verify, and
    /// at least one must cover the assertion (its own, or the Response's, which contains it).</summary>
    public sealed record Signed(bool Response, bool Assertion);

    public static Signed Verify(XmlElement response, XmlElement assertion, IReadOnlyList<X509Certificate2> certificates)
    {
        var document = response.OwnerDocument;
        RefuseDuplicateIds(document);

        var signatures = document.Descendants(SamlNames.XmlDsig, "Signature").ToList();
        if (signatures.Count == 0)
        {
            throw Refuse(Codes.Unsigned, "The response carries no signature: neither the Response nor the Assertion is signed.");
        }

        foreach (var signature in signatures)
        {
            if (signature.ParentNode != response && signature.ParentNode != assertion)
            {
                throw Refuse(Codes.SignatureStructure,
                    $"A signature sits inside {signature.ParentNode!.Name}; only the Response and the Assertion themselves may be signed.");
            }
        }

        if (signatures.Count(signature => signature.ParentNode == response) > 1
            || signatures.Count(signature => signature.ParentNode == assertion) > 1)
        {
            throw Refuse(Codes.SignatureStructure, "An element carries more than one signature.");
        }

        for (var index = 0; index < signatures.Count; index++)
        {
            VerifyOne(document, index, certificates);
        }

        return new Signed(
            Response: signatures.Any(signature => signature.ParentNode == response),
            Assertion: signatures.Any(signature => signature.ParentNode == assertion));
    }

    /// <summary>
    /// IDs are what a signature points at: with two elements of one ID, the one verified and the one read could differ.
    /// </summary>
    private static void RefuseDuplicateIds(XmlDocument document)
    {
        var duplicate = document.SelectNodes("//*")!.OfType<XmlElement>()
            .SelectMany(element => IdAttributeNames.Where(element.HasAttribute).Select(element.GetAttribute))
            .GroupBy(id => id, StringComparer.Ordinal)
            .FirstOrDefault(group => group.Count() > 1);
        if (duplicate is not null)
        {
            throw Refuse(Codes.DuplicateId, $"The ID \"{duplicate.Key}\" is used by more than one element of the response.");
        }
    }

    /// <summary>
    /// Verifies the index-th signature in a copy of the document from which the signatures outside the signed element
    /// are taken out: .NET's enveloped-signature transform finds its signature by its position among all signatures of
    /// the document, which is off by one for the Assertion's when the Response is signed too.
    /// </summary>
    private static void VerifyOne(XmlDocument document, int index, IReadOnlyList<X509Certificate2> certificates)
    {
        var copy = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        copy.AppendChild(copy.ImportNode(document.DocumentElement!, deep: true));
        var copySignatures = copy.Descendants(SamlNames.XmlDsig, "Signature").ToList();
        var signature = copySignatures[index];
        var signedElement = (XmlElement)signature.ParentNode!;
        foreach (var other in copySignatures.Where(other => other != signature && !IsInside(other, signedElement)))
        {
            other.ParentNode!.RemoveChild(other);
        }

        var signedXml = new StrictSignedXml(copy);
        try
        {
            signedXml.LoadXml(signature);
        }
        catch (CryptographicException exception)
        {
            throw Refuse(Codes.SignatureStructure, $"The {signedElement.LocalName}'s signature is malformed: {exception.Message}");
        }

        CheckShape(signedXml, signature, signedElement);
        var verified = certificates.Any(certificate =>
            signedXml.CheckSignature(certificate, verifySignatureOnly: true) && signedXml.ReferencedElement == signedElement);
        if (!verified)
        {
            throw Refuse(Codes.SignatureInvalid,
                $"The {signedElement.LocalName}'s signature does not verify with the identity provider's signing certificate"
                + (certificates.Count > 1 ? "s" : "")
                + ": the response was altered after signing, or signed with a certificate that is not configured.");
        }
    }

    private static void CheckShape(StrictSignedXml signedXml, XmlElement signature, XmlElement signedElement)
    {
        var what = $"The {signedElement.LocalName}'s signature";
        if (signature.Children(SamlNames.XmlDsig, "Object").Any())
        {
            throw Refuse(Codes.SignatureStructure, $"{what} carries an Object element, which SAML signatures do not use.");
        }

        var signedInfo = signedXml.SignedInfo!;
        if (signedInfo.SignatureMethod == SignedXml.XmlDsigRSASHA1Url)
        {
            throw Refuse(Codes.Sha1, $"{what} uses RSA-SHA1. SHA-1 is refused: set the signing algorithm to SHA-256 in Entra's SAML Certificates.");
        }

        if (!StrongSignatureMethods.Contains(signedInfo.SignatureMethod))
        {
            throw Refuse(Codes.SignatureAlgorithm, $"{what} uses {signedInfo.SignatureMethod}; RSA with SHA-256 or stronger is required.");
        }

        if (signedInfo.CanonicalizationMethod != SignedXml.XmlDsigExcC14NTransformUrl)
        {
            throw Refuse(Codes.SignatureTransform,
                $"{what} is canonicalized with {signedInfo.CanonicalizationMethod}; only exclusive canonicalization without comments is accepted.");
        }

        if (signedInfo.References.Count != 1)
        {
            throw Refuse(Codes.SignatureStructure, $"{what} has {signedInfo.References.Count} references; exactly one is expected.");
        }

        var reference = (Reference)signedInfo.References[0]!;
        var id = signedElement.GetAttribute("ID");
        if (id.Length == 0 || reference.Uri != "#" + id)
        {
            throw Refuse(Codes.SignatureReference,
                $"{what} references \"{reference.Uri}\" instead of the {signedElement.LocalName} that contains it (\"#{id}\").");
        }

        if (reference.DigestMethod == SignedXml.XmlDsigSHA1Url)
        {
            throw Refuse(Codes.Sha1, $"{what} uses a SHA-1 digest. SHA-1 is refused: set the signing algorithm to SHA-256 in Entra's SAML Certificates.");
        }

        if (!StrongDigestMethods.Contains(reference.DigestMethod))
        {
            throw Refuse(Codes.SignatureAlgorithm, $"{what} uses the digest {reference.DigestMethod}; SHA-256 or stronger is required.");
        }

        var transforms = Enumerable.Range(0, reference.TransformChain.Count)
            .Select(position => reference.TransformChain[position].Algorithm).ToList();
        if (!transforms.Contains(SignedXml.XmlDsigEnvelopedSignatureTransformUrl)
            || transforms.Any(algorithm => algorithm is not (SignedXml.XmlDsigEnvelopedSignatureTransformUrl or SignedXml.XmlDsigExcC14NTransformUrl)))
        {
            throw Refuse(Codes.SignatureTransform,
                $"{what} uses the transforms {string.Join(", ", transforms)}; only enveloped-signature and exclusive canonicalization are accepted.");
        }
    }

    private static bool IsInside(XmlNode node, XmlElement ancestor)
    {
        for (var parent = node.ParentNode; parent is not null; parent = parent.ParentNode)
        {
            if (parent == ancestor)
            {
                return true;
            }
        }

        return false;
    }

    private static SamlRefusedException Refuse(string code, string reason) => new(code, reason);

    /// <summary>Resolves a reference only to the one element whose ID attribute has that value, and remembers it.</summary>
    private sealed class StrictSignedXml(XmlDocument document) : SignedXml(document)
    {
        public XmlElement? ReferencedElement { get; private set; }

        public override XmlElement? GetIdElement(XmlDocument? document, string idValue)
        {
            var matches = document?.SelectNodes("//*[@ID]")!.OfType<XmlElement>()
                .Where(element => element.GetAttribute("ID") == idValue)
                .Take(2)
                .ToList() ?? [];
            ReferencedElement = matches.Count == 1 ? matches[0] : null;
            return ReferencedElement;
        }
    }
}
