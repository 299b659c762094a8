using System.Security.Cryptography;
using System.Text;

namespace Workteam.Contracts;

/// <summary>
/// The SCIM bearer tokens of each organization as Directory hands them to the gateway: the SHA-256 hashes of its
/// working tokens, and of its retired ones with the reason each no longer works (so a refusal can say why).
/// <paramref name="Version"/> changes whenever either set changes.
/// </summary>
public sealed record ScimCredentialSnapshot(string Version, IReadOnlyList<OrganizationScimCredentials> Organizations);

/// <summary><paramref name="Retired"/> is null from a Directory that does not send retired tokens.</summary>
public sealed record OrganizationScimCredentials(
    Guid OrganizationId, IReadOnlyList<ScimCredential> Tokens, IReadOnlyList<RetiredScimCredential>? Retired = null);

public sealed record ScimCredential(Guid TokenId, byte[] TokenHash);

/// <summary>
/// A token that no longer authenticates (revoked, or its issuer is no longer an active admin, or provisioning is
/// disabled), with the sentence that tells the client why, e.g. "This token was revoked on 2026-12-01 … by alice@contoso.com."
/// </summary>
public sealed record RetiredScimCredential(byte[] TokenHash, string Reason);

/// <summary>
/// Reports which SCIM tokens the gateway accepted, so the console can show when each was last used, and when the
/// latest successful SCIM write of each organization started (<paramref name="LastWrites"/>, absent from older gateways).
/// </summary>
public sealed record ScimTokenUsage(IReadOnlyList<Guid> TokenIds, DateTimeOffset UsedAt, IReadOnlyList<OrganizationLastWrite>? LastWrites = null);

/// <summary>When the newest SCIM write (POST, PUT, PATCH, DELETE) of the organization that ScimApi answered 2xx started.</summary>
public sealed record OrganizationLastWrite(Guid OrganizationId, DateTimeOffset LastWriteStartedAt);

/// <summary>
/// A SCIM request the gateway refused for an organization it could identify (POST /internal/scim-refusals).
/// <paramref name="Path"/> is the path below the organization's Base URL (<c>/Users/{id}</c>), without the query;
/// <paramref name="Reason"/> is the detail of the SCIM error the client got. Never a token or other secret.
/// </summary>
public sealed record ScimRefusal(
    Guid Id, Guid OrganizationId, DateTimeOffset At, string Method, string Path, int Status, string Reason, string? TraceId);

/// <summary>How bearer secrets (SCIM tokens, session tokens) are stored and compared.</summary>
public static class SecretHash
{
    /// <summary>Secrets carry 256 random bits, so a fast hash is as safe as a slow one and keeps lookups cheap.</summary>
    public static byte[] Compute(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
