using System.Globalization;
using System.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Xml;

namespace Workteam.Testing.Saml;

/// <summary>Which elements of a response carry a signature.</summary>
public enum SamlSigning
{
    /// <summary>Entra's default ("Sign SAML assertion").</summary>
    Assertion,
    /// <summary>Entra's "Sign SAML response".</summary>
    Response,
    /// <summary>Entra's "Sign SAML response and assertion": the assertion first, then the response around it.</summary>
    ResponseAndAssertion,
    None,
}

/// <summary>
/// Builds a SAML Response the way Entra does (HTTP-POST binding): an unsigned or signed Response around one Assertion
/// with a bearer SubjectConfirmation, Conditions with an AudienceRestriction, attributes and an AuthnStatement;
/// enveloped RSA-SHA256 signatures with exclusive canonicalization, the signature after the Issuer.
/// Every value has Entra's default; the With… methods change one.
/// </summary>
public sealed class SamlResponseBuilder
{
    public const string ProtocolNamespace = "urn:oasis:names:tc:SAML:2.0:protocol";
    public const string AssertionNamespace = "urn:oasis:names:tc:SAML:2.0:assertion";
    public const string SuccessStatus = "urn:oasis:names:tc:SAML:2.0:status:Success";
    public const string EmailAddressFormat = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress";

    private readonly List<(string Name, string[] Values)> _attributes = [];

    internal SamlResponseBuilder(TestIdentityProvider identityProvider, string audience, Uri acsUrl)
    {
        Issuer = identityProvider.EntityId;
        Audience = audience;
        Destination = acsUrl.ToString();
        Recipient = acsUrl.ToString();
        SigningCertificate = identityProvider.Certificate;
        IssueInstant = DateTimeOffset.UtcNow;
        _attributes.Add(("http://schemas.microsoft.com/identity/claims/tenantid", [identityProvider.TenantId.ToString()]));
    }

    public string ResponseId { get; } = SamlIds.New();
    public string AssertionId { get; } = SamlIds.New();
    public string Issuer { get; private set; }
    public string Audience { get; private set; }
    public string? Destination { get; private set; }
    public string Recipient { get; private set; }
    public string NameId { get; private set; } = "adele.vance@contoso.example";
    public string? NameIdFormat { get; private set; } = EmailAddressFormat;
    public string? InResponseTo { get; private set; }
    public DateTimeOffset IssueInstant { get; private set; }
    public DateTimeOffset? NotBefore { get; private set; }
    public DateTimeOffset? NotOnOrAfter { get; private set; }
    public DateTimeOffset? ConfirmationNotOnOrAfter { get; private set; }
    public string StatusCode { get; private set; } = SuccessStatus;
    public string? StatusMessage { get; private set; }
    public string Version { get; private set; } = "2.0";
    public SamlSigning Signing { get; private set; } = SamlSigning.Assertion;
    public SamlAlgorithms Algorithms { get; private set; } = SamlAlgorithms.Sha256;
    public X509Certificate2 SigningCertificate { get; private set; }

    public SamlResponseBuilder WithNameId(string nameId, string? format = EmailAddressFormat)
    {
        NameId = nameId;
        NameIdFormat = format;
        return this;
    }

    public SamlResponseBuilder WithIssuer(string issuer) => Set(() => Issuer = issuer);

    public SamlResponseBuilder WithAudience(string audience) => Set(() => Audience = audience);

    /// <summary>The Response's Destination; null leaves the attribute out.</summary>
    public SamlResponseBuilder WithDestination(string? destination) => Set(() => Destination = destination);

    /// <summary>The SubjectConfirmationData's Recipient.</summary>
    public SamlResponseBuilder WithRecipient(string recipient) => Set(() => Recipient = recipient);

    /// <summary>Answers this AuthnRequest ID (SP-initiated sign-in); without it the response is IdP-initiated.</summary>
    public SamlResponseBuilder InResponseToRequest(string requestId) => Set(() => InResponseTo = requestId);

    /// <summary>When Entra issued it; the other times follow Entra's defaults from it unless set.</summary>
    public SamlResponseBuilder IssuedAt(DateTimeOffset instant) => Set(() => IssueInstant = instant);

    /// <summary>The Conditions' validity window (Entra: 5 minutes before issuing to 1 hour after).</summary>
    public SamlResponseBuilder WithConditions(DateTimeOffset notBefore, DateTimeOffset notOnOrAfter) =>
        Set(() => (NotBefore, NotOnOrAfter) = (notBefore, notOnOrAfter));

    /// <summary>The SubjectConfirmationData's NotOnOrAfter (Entra: 5 minutes after issuing).</summary>
    public SamlResponseBuilder WithConfirmationNotOnOrAfter(DateTimeOffset notOnOrAfter) =>
        Set(() => ConfirmationNotOnOrAfter = notOnOrAfter);

    public SamlResponseBuilder WithStatus(string statusCode, string? message = null) =>
        Set(() => (StatusCode, StatusMessage) = (statusCode, message));

    /// <summary>The Version of both the Response and the Assertion.</summary>
    public SamlResponseBuilder WithVersion(string version) => Set(() => Version = version);

    public SamlResponseBuilder SignedAs(SamlSigning signing) => Set(() => Signing = signing);

    public SamlResponseBuilder WithAlgorithms(SamlAlgorithms algorithms) => Set(() => Algorithms = algorithms);

    /// <summary>Signs with another certificate, e.g. the rollover one or one the service provider does not trust.</summary>
    public SamlResponseBuilder SignedWith(X509Certificate2 certificate) => Set(() => SigningCertificate = certificate);

    public SamlResponseBuilder WithAttribute(string name, params string[] values)
    {
        _attributes.RemoveAll(attribute => attribute.Name == name);
        _attributes.Add((name, values));
        return this;
    }

    /// <summary>The signed response as a document, for tests that tamper with it (load it with PreserveWhitespace).</summary>
    public XmlDocument BuildDocument()
    {
        var document = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        document.LoadXml(UnsignedXml());
        var response = document.DocumentElement!;
        var assertion = (XmlElement)response.GetElementsByTagName("Assertion", AssertionNamespace)[0]!;
        if (Signing is SamlSigning.Assertion or SamlSigning.ResponseAndAssertion)
        {
            XmlSigning.Sign(assertion, AssertionId, IssuerOf(assertion), SigningCertificate, Algorithms);
        }

        if (Signing is SamlSigning.Response or SamlSigning.ResponseAndAssertion)
        {
            XmlSigning.Sign(response, ResponseId, IssuerOf(response), SigningCertificate, Algorithms);
        }

        return document;
    }

    /// <summary>The signed response's XML.</summary>
    public string ToXml() => BuildDocument().OuterXml;

    /// <summary>The form field SAMLResponse of the HTTP-POST binding.</summary>
    public string ToBase64() => Encode(BuildDocument());

    /// <summary>The form field SAMLResponse for a (possibly tampered) document.</summary>
    public static string Encode(XmlDocument document) => Encode(document.OuterXml);

    /// <summary>The form field SAMLResponse for any XML text.</summary>
    public static string Encode(string xml) => Convert.ToBase64String(Encoding.UTF8.GetBytes(xml));

    private SamlResponseBuilder Set(Action change)
    {
        change();
        return this;
    }

    private static XmlElement IssuerOf(XmlElement element) =>
        element.ChildNodes.OfType<XmlElement>().First(child => child.LocalName == "Issuer");

    private string UnsignedXml()
    {
        var notBefore = NotBefore ?? IssueInstant.AddMinutes(-5);
        var notOnOrAfter = NotOnOrAfter ?? IssueInstant.AddHours(1);
        var confirmationNotOnOrAfter = ConfirmationNotOnOrAfter ?? IssueInstant.AddMinutes(5);
        var inResponseTo = InResponseTo is null ? "" : $" InResponseTo=\"{Escape(InResponseTo)}\"";
        var destination = Destination is null ? "" : $" Destination=\"{Escape(Destination)}\"";
        var format = NameIdFormat is null ? "" : $" Format=\"{Escape(NameIdFormat)}\"";
        var statusMessage = StatusMessage is null ? "" : $"<samlp:StatusMessage>{Escape(StatusMessage)}</samlp:StatusMessage>";
        var attributes = string.Concat(_attributes.Select(attribute =>
            $"<Attribute Name=\"{Escape(attribute.Name)}\">"
            + string.Concat(attribute.Values.Select(value => $"<AttributeValue>{Escape(value)}</AttributeValue>"))
            + "</Attribute>"));
        return $"""<samlp:Response ID="{ResponseId}" Version="{Escape(Version)}" IssueInstant="{Time(IssueInstant)}"{destination}{inResponseTo} xmlns:samlp="{ProtocolNamespace}"><Issuer xmlns="{AssertionNamespace}">{Escape(Issuer)}</Issuer><samlp:Status><samlp:StatusCode Value="{Escape(StatusCode)}" />{statusMessage}</samlp:Status>"""
            + $"""<Assertion ID="{AssertionId}" IssueInstant="{Time(IssueInstant)}" Version="{Escape(Version)}" xmlns="{AssertionNamespace}"><Issuer>{Escape(Issuer)}</Issuer>"""
            + $"""<Subject><NameID{format}>{Escape(NameId)}</NameID><SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><SubjectConfirmationData{inResponseTo} NotOnOrAfter="{Time(confirmationNotOnOrAfter)}" Recipient="{Escape(Recipient)}" /></SubjectConfirmation></Subject>"""
            + $"""<Conditions NotBefore="{Time(notBefore)}" NotOnOrAfter="{Time(notOnOrAfter)}"><AudienceRestriction><Audience>{Escape(Audience)}</Audience></AudienceRestriction></Conditions>"""
            + $"""<AttributeStatement>{attributes}</AttributeStatement>"""
            + $"""<AuthnStatement AuthnInstant="{Time(IssueInstant.AddSeconds(-2))}" SessionIndex="{AssertionId}"><AuthnContext><AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:Password</AuthnContextClassRef></AuthnContext></AuthnStatement>"""
            + "</Assertion></samlp:Response>";
    }

    private static string Time(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string Escape(string value) => SecurityElement.Escape(value);
}
