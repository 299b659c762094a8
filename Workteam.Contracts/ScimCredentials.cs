using System.Security.Cryptography;
using System.Text;

namespace Workteam.Contracts;

/// <summary>
/// The SCIM bearer tokens that currently work, as Directory hands them to the gateway: per organization,
/// the SHA-256 hashes of its valid tokens. <paramref name="Version"/> changes whenever the set changes.
/// </summary>
public sealed record ScimCredentialSnapshot(string Version, IReadOnlyList<OrganizationScimCredentials> Organizations);

public sealed record OrganizationScimCredentials(Guid OrganizationId, IReadOnlyList<ScimCredential> Tokens);

public sealed record ScimCredential(Guid TokenId, byte[] TokenHash);

/// <summary>Reports which SCIM tokens the gateway accepted, so the console can show when each was last used.</summary>
public sealed record ScimTokenUsage(IReadOnlyList<Guid> TokenIds, DateTimeOffset UsedAt);

/// <summary>How bearer secrets (SCIM tokens, session tokens) are stored and compared.</summary>
public static class SecretHash
{
    /// <summary>Secrets carry 256 random bits, so a fast hash is as safe as a slow one and keeps lookups cheap.</summary>
    public static byte[] Compute(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
