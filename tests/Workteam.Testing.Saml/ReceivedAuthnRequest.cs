using System.IO.Compression;
using System.Net;
using System.Security;
using System.Text;
using System.Xml;

namespace Workteam.Testing.Saml;

/// <summary>An AuthnRequest as the identity provider receives it with the HTTP-Redirect binding.</summary>
public sealed record ReceivedAuthnRequest(XmlElement Request, string? RelayState)
{
    public string Id => Request.GetAttribute("ID");

    public string AssertionConsumerServiceUrl => Request.GetAttribute("AssertionConsumerServiceURL");

    public string Issuer =>
        Request.GetElementsByTagName("Issuer", SamlResponseBuilder.AssertionNamespace).Cast<XmlElement>().Single().InnerText;

    /// <summary>Reads SAMLRequest (DEFLATE, Base64, URL-encoded) and RelayState from the redirect's query.</summary>
    public static ReceivedAuthnRequest FromRedirect(Uri redirectUrl)
    {
        var query = redirectUrl.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(pair => WebUtility.UrlDecode(pair[0]), pair => WebUtility.UrlDecode(pair.ElementAtOrDefault(1) ?? ""));
        if (!query.TryGetValue("SAMLRequest", out var samlRequest))
        {
            throw new ArgumentException($"The URL has no SAMLRequest: {redirectUrl}", nameof(redirectUrl));
        }

        using var inflate = new DeflateStream(new MemoryStream(Convert.FromBase64String(samlRequest)), CompressionMode.Decompress);
        using var reader = new StreamReader(inflate, Encoding.UTF8);
        var document = new XmlDocument { XmlResolver = null };
        document.LoadXml(reader.ReadToEnd());
        return new ReceivedAuthnRequest(document.DocumentElement!, query.GetValueOrDefault("RelayState"));
    }

    /// <summary>The page an identity provider answers with (HTTP-POST binding): a form that posts itself to the ACS URL.</summary>
    public static string PostForm(Uri acsUrl, string samlResponseBase64, string? relayState)
    {
        var relay = relayState is null ? "" : $"<input type=\"hidden\" name=\"RelayState\" value=\"{SecurityElement.Escape(relayState)}\"/>";
        return $"""
            <!DOCTYPE html>
            <html><body onload="document.forms[0].submit()">
            <form method="post" action="{SecurityElement.Escape(acsUrl.AbsoluteUri)}">
            <input type="hidden" name="SAMLResponse" value="{samlResponseBase64}"/>{relay}
            <noscript><button type="submit">Continue</button></noscript>
            </form></body></html>
            """;
    }
}
