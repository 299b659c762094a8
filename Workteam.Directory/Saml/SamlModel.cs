using System.Security.Cryptography.X509Certificates;

namespace Workteam.Directory.Saml;

/// <summary>An organization's identity provider (Entra), from its federation metadata or its three pasted values.</summary>
public sealed record SamlIdentityProvider(string EntityId, Uri SignOnUrl, IReadOnlyList<X509Certificate2> SigningCertificates);

/// <summary>Workteam's side of one organization's SAML trust: what Entra's "Basic SAML Configuration" holds.</summary>
public sealed record SamlServiceProvider(string EntityId, Uri AcsUrl, Uri SignOnUrl, Uri MetadataUrl);

/// <summary>
/// A response that passed every check of <see cref="SamlResponseValidator"/>: who signed in, and what the caller must
/// still check against its stores (the outstanding request for <see cref="InResponseTo"/>, the replay cache for
/// <see cref="AssertionId"/>, kept until <see cref="NotOnOrAfter"/>).
/// </summary>
public sealed record SamlAssertion(
    string NameId,
    string? NameIdFormat,
    string AssertionId,
    string? InResponseTo,
    DateTimeOffset NotOnOrAfter,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Attributes);

/// <summary>Why a response was refused: a stable code for the audit log, and a sentence for the person and the admin.</summary>
public sealed record SamlRefusal(string Code, string Reason);

/// <summary>Either the accepted assertion or the refusal.</summary>
public sealed record SamlValidation(SamlAssertion? Assertion, SamlRefusal? Refusal)
{
    public static SamlValidation Accepted(SamlAssertion assertion) => new(assertion, null);

    public static SamlValidation Refused(string code, string reason) => new(null, new SamlRefusal(code, reason));
}

/// <summary>Metadata, a certificate or a URL an admin gave is unusable; the message says what is wrong.</summary>
public sealed class SamlConfigurationException(string message) : Exception(message);
