namespace Workteam.Directory.Saml;

/// <summary>The stable codes of <see cref="SamlRefusal.Code"/>, as the audit log records them.</summary>
public static class SamlRefusalCodes
{
    public const string Malformed = "malformed";
    public const string TooLarge = "too-large";
    public const string Doctype = "doctype";
    public const string NotAResponse = "not-a-response";
    public const string Version = "version";
    public const string Destination = "destination";
    public const string Issuer = "issuer";
    public const string Status = "status";
    public const string EncryptedAssertion = "encrypted-assertion";
    public const string AssertionCount = "assertion-count";
    public const string DuplicateId = "duplicate-id";
    public const string Unsigned = "unsigned";
    public const string SignatureStructure = "signature-structure";
    public const string SignatureReference = "signature-reference";
    public const string SignatureTransform = "signature-transform";
    public const string Sha1 = "sha1";
    public const string SignatureAlgorithm = "signature-algorithm";
    public const string SignatureInvalid = "signature-invalid";
    public const string Subject = "subject";
    public const string NameId = "name-id";
    public const string Bearer = "bearer";
    public const string Recipient = "recipient";
    public const string InResponseTo = "in-response-to";
    public const string Expired = "expired";
    public const string NotYetValid = "not-yet-valid";
    public const string Conditions = "conditions";
    public const string Audience = "audience";
    public const string AuthnStatement = "authn-statement";
    public const string Attribute = "attribute";
}

/// <summary>Ends validation with a refusal; <see cref="SamlResponseValidator.Validate"/> turns it into the result.</summary>
internal sealed class SamlRefusedException(string code, string reason) : Exception(reason)
{
    public string Code { get; } = code;
}
