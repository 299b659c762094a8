using System.Collections.Frozen;
using System.Security.Cryptography;
using Workteam.Contracts;

namespace Workteam.Gateway.Scim;

/// <summary>
/// The SCIM tokens of each organization, held in memory so that authenticating a SCIM request costs no round trip:
/// the working ones, and the retired ones with the reason each no longer works. <see cref="ScimCredentialRefresher"/>
/// replaces the whole set every few seconds.
/// </summary>
public sealed class ScimCredentialCache
{
    private volatile Snapshot? _snapshot;

    public bool IsLoaded => _snapshot is not null;

    public string? Version => _snapshot?.Version;

    public void Replace(ScimCredentialSnapshot snapshot) =>
        _snapshot = new Snapshot(
            snapshot.Version,
            snapshot.Organizations.ToFrozenDictionary(
                o => o.OrganizationId,
                o => new OrganizationTokens(o.Tokens.ToArray(), o.Retired?.ToArray() ?? [])));

    /// <summary>Whether Directory listed the organization (it has working or recently retired tokens).</summary>
    public bool Knows(Guid organizationId) => _snapshot?.Organizations.ContainsKey(organizationId) == true;

    /// <summary>The id of the organization's working token equal to <paramref name="token"/>, compared in constant time.</summary>
    public Guid? Authenticate(Guid organizationId, string token)
    {
        if (_snapshot?.Organizations.TryGetValue(organizationId, out var tokens) != true)
        {
            return null;
        }

        var presented = SecretHash.Compute(token);
        Guid? match = null;
        foreach (var candidate in tokens!.Working)
        {
            if (CryptographicOperations.FixedTimeEquals(presented, candidate.TokenHash))
            {
                match = candidate.TokenId;
            }
        }

        return match;
    }

    /// <summary>Why the organization's token equal to <paramref name="token"/> no longer works; null when it is not a retired token.</summary>
    public string? RetiredReason(Guid organizationId, string token)
    {
        if (_snapshot?.Organizations.TryGetValue(organizationId, out var tokens) != true)
        {
            return null;
        }

        var presented = SecretHash.Compute(token);
        string? reason = null;
        foreach (var candidate in tokens!.Retired)
        {
            if (CryptographicOperations.FixedTimeEquals(presented, candidate.TokenHash))
            {
                reason = candidate.Reason;
            }
        }

        return reason;
    }

    private sealed record OrganizationTokens(ScimCredential[] Working, RetiredScimCredential[] Retired);

    private sealed record Snapshot(string Version, FrozenDictionary<Guid, OrganizationTokens> Organizations);
}
