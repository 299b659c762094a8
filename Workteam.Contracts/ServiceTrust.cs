using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Workteam.Contracts;

/// <summary>
/// How Workteam's services prove to each other that a request comes from one of them, from one per-deployment secret
/// (<see cref="ConfigurationKey"/>, an app host parameter). Two keys are derived from it with HKDF, one per purpose:
/// the gateway signs a short-lived assertion of the organization it authenticated for every SCIM request it lets
/// through (ScimApi refuses requests without a valid one), and the services call Directory's internal routes with a
/// service token. See decision 0013.
/// </summary>
public sealed class ServiceTrust
{
    public const string ConfigurationKey = "Workteam:ServiceSecret";

    /// <summary>The header carrying the gateway's assertion: <c>1.{organization}.{expires, unix seconds}.{HMAC-SHA256}</c>.</summary>
    public const string AssertionHeader = "X-Workteam-Gateway-Assertion";

    /// <summary>How long an assertion is valid: the request reaches ScimApi at once; this only bounds a replay.</summary>
    public static readonly TimeSpan AssertionLifetime = TimeSpan.FromSeconds(30);

    private const string Version = "1";
    private readonly byte[] _assertionKey;
    private readonly byte[] _internalToken;

    public ServiceTrust(string secret)
    {
        if (string.IsNullOrEmpty(secret) || secret.Length < 32)
        {
            throw new ArgumentException($"{ConfigurationKey} must be at least 32 characters.", nameof(secret));
        }

        var bytes = Encoding.UTF8.GetBytes(secret);
        _assertionKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, bytes, 32, info: "workteam gateway organization assertion"u8.ToArray());
        _internalToken = HKDF.DeriveKey(HashAlgorithmName.SHA256, bytes, 32, info: "workteam internal api token"u8.ToArray());
        InternalToken = "wtsvc_" + Base64Url.EncodeToString(_internalToken);
    }

    /// <summary>The bearer token for Directory's <c>/internal</c> routes.</summary>
    public string InternalToken { get; }

    public string CreateAssertion(Guid organizationId, DateTimeOffset now)
    {
        var signed = Signed(organizationId, (now + AssertionLifetime).ToUnixTimeSeconds());
        return $"{signed}.{Base64Url.EncodeToString(Sign(signed))}";
    }

    /// <summary>Whether <paramref name="assertion"/> was signed with this deployment's key for the organization and has not expired.</summary>
    public bool VerifyAssertion(string? assertion, Guid organizationId, DateTimeOffset now)
    {
        var parts = assertion?.Split('.');
        if (parts is not [Version, var organization, var expires, var signature]
            || !Guid.TryParseExact(organization, "N", out var asserted) || asserted != organizationId
            || !long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var expiresAt)
            || now.ToUnixTimeSeconds() > expiresAt)
        {
            return false;
        }

        if (!Base64Url.IsValid(signature, out var length) || length != 32)
        {
            return false;
        }

        Span<byte> presented = stackalloc byte[32];
        Base64Url.DecodeFromChars(signature, presented);
        return CryptographicOperations.FixedTimeEquals(presented, Sign(Signed(organizationId, expiresAt)));
    }

    public bool VerifyInternalToken(string? presented) =>
        presented is not null && presented.StartsWith("wtsvc_", StringComparison.Ordinal)
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(InternalToken));

    private static string Signed(Guid organizationId, long expires) =>
        string.Create(CultureInfo.InvariantCulture, $"{Version}.{organizationId:N}.{expires}");

    private byte[] Sign(string signed) => HMACSHA256.HashData(_assertionKey, Encoding.UTF8.GetBytes(signed));
}
