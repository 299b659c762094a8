using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Xml;

namespace Workteam.Directory.Saml;

/// <summary>SP-initiated sign-in: an unsigned AuthnRequest sent to the identity provider with the HTTP-Redirect binding.</summary>
public static class AuthnRequests
{
    /// <summary>The bindings specification's limit on RelayState (SAML 2.0 bindings, 3.4.3).</summary>
    public const int MaxRelayStateBytes = 80;

    /// <summary>A fresh request ID: 128 random bits, as an xs:ID (which may not start with a digit).</summary>
    public static string NewRequestId() => "_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>
    /// The identity provider's sign-on URL with SAMLRequest (the request, DEFLATE-compressed, Base64, URL-encoded) and
    /// RelayState (at most <see cref="MaxRelayStateBytes"/> bytes) in its query.
    /// </summary>
    public static Uri RedirectUrl(
        SamlServiceProvider sp, SamlIdentityProvider idp, string requestId, DateTimeOffset issueInstant, string? relayState)
    {
        XmlConvert.VerifyNCName(requestId);
        if (relayState is not null && Encoding.UTF8.GetByteCount(relayState) > MaxRelayStateBytes)
        {
            throw new ArgumentException($"RelayState may hold at most {MaxRelayStateBytes} bytes.", nameof(relayState));
        }

        var query = new StringBuilder("SAMLRequest=").Append(Uri.EscapeDataString(Deflate(Request(sp, idp, requestId, issueInstant))));
        if (relayState is not null)
        {
            query.Append("&RelayState=").Append(Uri.EscapeDataString(relayState));
        }

        var signOn = idp.SignOnUrl.AbsoluteUri;
        return new Uri(signOn + (idp.SignOnUrl.Query.Length > 0 ? "&" : "?") + query);
    }

    private static string Request(SamlServiceProvider sp, SamlIdentityProvider idp, string requestId, DateTimeOffset issueInstant)
    {
        var text = new StringBuilder();
        using (var writer = XmlWriter.Create(text, new XmlWriterSettings { OmitXmlDeclaration = true }))
        {
            writer.WriteStartElement("samlp", "AuthnRequest", SamlNames.Protocol);
            writer.WriteAttributeString("ID", requestId);
            writer.WriteAttributeString("Version", SamlNames.Version);
            writer.WriteAttributeString("IssueInstant",
                issueInstant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            writer.WriteAttributeString("Destination", idp.SignOnUrl.AbsoluteUri);
            writer.WriteAttributeString("AssertionConsumerServiceURL", sp.AcsUrl.AbsoluteUri);
            writer.WriteAttributeString("ProtocolBinding", SamlNames.HttpPostBinding);
            writer.WriteElementString("saml", "Issuer", SamlNames.Assertion, sp.EntityId);
            writer.WriteEndElement();
        }

        return text.ToString();
    }

    private static string Deflate(string xml)
    {
        using var compressed = new MemoryStream();
        using (var deflate = new DeflateStream(compressed, CompressionLevel.Optimal))
        {
            deflate.Write(Encoding.UTF8.GetBytes(xml));
        }

        return Convert.ToBase64String(compressed.ToArray());
    }
}
