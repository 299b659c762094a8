using System.Collections.Frozen;
using System.Security.Cryptography;
using Workteam.Contracts;

namespace Workteam.Gateway.Scim;

/// <summary>
/// The SCIM tokens that currently work, held in memory so that authenticating a SCIM request costs no
/// round trip. <see cref="ScimCredentialRefresher"/> replaces the whole set every few seconds.
/// </summary>
public sealed class ScimCredentialCache
{
    private volatile Snapshot? _snapshot;

    public bool IsLoaded => _snapshot is not null;

    public string? Version => _snapshot?.Version;

    public void Replace(ScimCredentialSnapshot snapshot) =>
        _snapshot = new Snapshot(
            snapshot.Version,
            snapshot.Organizations.ToFrozenDictionary(o => o.OrganizationId, o => o.Tokens.ToArray()));

    /// <summary>The id of the organization's token equal to <paramref name="token"/>, compared in constant time.</summary>
    public Guid? Authenticate(Guid organizationId, string token)
    {
        if (_snapshot?.Tokens.TryGetValue(organizationId, out var tokens) != true)
        {
            return null;
        }

        var presented = SecretHash.Compute(token);
        Guid? match = null;
        foreach (var candidate in tokens!)
        {
            if (CryptographicOperations.FixedTimeEquals(presented, candidate.TokenHash))
            {
                match = candidate.TokenId;
            }
        }

        return match;
    }

    private sealed record Snapshot(string Version, FrozenDictionary<Guid, ScimCredential[]> Tokens);
}
