using System.Xml;
using Codes = Workteam.Directory.Saml.SamlRefusalCodes;

namespace Workteam.Directory.Saml;

/// <summary>
/// The stateless checks of a SAML Response posted to Workteam's Assertion Consumer Service (HTTP-POST binding, Web
/// Browser SSO profile). What it accepts was signed by the organization's identity provider for this service provider,
/// is in date, and names its subject in plain text; everything it returns is read from the signed element. The caller
/// still checks <see cref="SamlAssertion.InResponseTo"/> against its outstanding requests and uses each
/// <see cref="SamlAssertion.AssertionId"/> once. Decision 0024 lists every check and why.
/// </summary>
public sealed class SamlResponseValidator(TimeProvider clock)
{
    /// <summary>The largest SAMLResponse form value read; Entra's responses are a few kilobytes.</summary>
    public const int MaxResponseBase64Characters = 256 * 1024;

    /// <summary>How far the identity provider's clock may be from Workteam's.</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(3);

    public SamlValidation Validate(string samlResponseBase64, SamlServiceProvider sp, SamlIdentityProvider idp)
    {
        try
        {
            var response = Load(samlResponseBase64);
            CheckResponse(response, sp, idp);
            var assertion = TheOnlyAssertion(response);
            var signed = SamlSignatures.Verify(response, assertion, idp.SigningCertificates);
            return SamlValidation.Accepted(new SignedAssertion(assertion, sp, idp, clock.GetUtcNow()).Read(
                responseInResponseTo: response.AttributeOrNull("InResponseTo"), responseIsSigned: signed.Response));
        }
        catch (SamlRefusedException refused)
        {
            return SamlValidation.Refused(refused.Code, refused.Message);
        }
    }

    private static XmlElement Load(string samlResponseBase64)
    {
        if (string.IsNullOrWhiteSpace(samlResponseBase64))
        {
            throw new SamlRefusedException(Codes.Malformed, "The SAMLResponse is empty.");
        }

        if (samlResponseBase64.Length > MaxResponseBase64Characters)
        {
            throw new SamlRefusedException(Codes.TooLarge,
                $"The SAMLResponse has {samlResponseBase64.Length} characters; at most {MaxResponseBase64Characters} are read.");
        }

        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(samlResponseBase64);
        }
        catch (FormatException)
        {
            throw new SamlRefusedException(Codes.Malformed, "The SAMLResponse is not Base64.");
        }

        try
        {
            return SafeXml.Load(bytes, maxCharacters: bytes.Length).DocumentElement!;
        }
        catch (SafeXml.RefusedException refused) when (refused.HasDoctype)
        {
            throw new SamlRefusedException(Codes.Doctype, "The response contains a DOCTYPE; DTDs and entities are refused.");
        }
        catch (SafeXml.RefusedException refused)
        {
            throw new SamlRefusedException(Codes.Malformed, $"The response is not well-formed XML: {refused.Message}");
        }
    }

    private static void CheckResponse(XmlElement response, SamlServiceProvider sp, SamlIdentityProvider idp)
    {
        if (response.LocalName != "Response" || response.NamespaceURI != SamlNames.Protocol)
        {
            throw new SamlRefusedException(Codes.NotAResponse, $"The message is a {response.Name}, not a SAML 2.0 Response.");
        }

        CheckVersion(response);
        var destination = response.AttributeOrNull("Destination");
        if (!SameUrl(destination, sp.AcsUrl))
        {
            throw new SamlRefusedException(Codes.Destination,
                $"The response's Destination is \"{destination}\", not this organization's Reply URL {sp.AcsUrl.AbsoluteUri}.");
        }

        var issuer = response.Child(SamlNames.Assertion, "Issuer");
        if (issuer is not null)
        {
            CheckIssuer(issuer, idp, "response");
        }

        CheckStatus(response);
    }

    private static void CheckStatus(XmlElement response)
    {
        var status = response.Child(SamlNames.Protocol, "Status");
        var code = status?.Child(SamlNames.Protocol, "StatusCode");
        var value = code?.GetAttribute("Value");
        if (value == SamlNames.SuccessStatus)
        {
            return;
        }

        var detail = code?.Child(SamlNames.Protocol, "StatusCode")?.GetAttribute("Value");
        var message = status?.Child(SamlNames.Protocol, "StatusMessage")?.InnerText;
        throw new SamlRefusedException(Codes.Status,
            $"The identity provider answered with the status {(string.IsNullOrEmpty(value) ? "(none)" : value)}"
            + (string.IsNullOrEmpty(detail) ? "" : $" / {detail}")
            + (string.IsNullOrWhiteSpace(message) ? "" : $": {message.Trim()}")
            + ", not Success.");
    }

    /// <summary>
    /// The one Assertion, a direct child of the Response, and no other anywhere in the document: a second one (before,
    /// after or inside the signed one, or hidden in Extensions or a signature's Object) is how signatures get wrapped.
    /// </summary>
    private static XmlElement TheOnlyAssertion(XmlElement response)
    {
        if (response.Descendants(SamlNames.Assertion, "EncryptedAssertion").Any())
        {
            throw new SamlRefusedException(Codes.EncryptedAssertion,
                "The assertion is encrypted, which Workteam does not support: turn off token encryption for the Workteam application in Entra.");
        }

        var assertions = response.Descendants(SamlNames.Assertion, "Assertion").ToList();
        if (assertions.Count != 1)
        {
            throw new SamlRefusedException(Codes.AssertionCount,
                $"The response contains {assertions.Count} assertions; exactly one is accepted.");
        }

        if (assertions[0].ParentNode != response)
        {
            throw new SamlRefusedException(Codes.AssertionCount,
                $"The assertion sits inside {assertions[0].ParentNode!.Name} instead of directly in the Response.");
        }

        return assertions[0];
    }

    internal static void CheckVersion(XmlElement element)
    {
        var version = element.GetAttribute("Version");
        if (version != SamlNames.Version)
        {
            throw new SamlRefusedException(Codes.Version,
                $"The {element.LocalName}'s Version is \"{version}\"; only SAML 2.0 is accepted.");
        }
    }

    internal static void CheckIssuer(XmlElement issuer, SamlIdentityProvider idp, string of)
    {
        var value = issuer.TextOnly()?.Trim();
        if (value != idp.EntityId)
        {
            throw new SamlRefusedException(Codes.Issuer,
                $"The {of}'s Issuer is \"{value ?? issuer.InnerText}\", not the configured identity provider {idp.EntityId}.");
        }
    }

    internal static bool SameUrl(string? value, Uri expected) =>
        Uri.TryCreate(value, UriKind.Absolute, out var url)
        && string.Equals(url.AbsoluteUri, expected.AbsoluteUri, StringComparison.Ordinal);
}
