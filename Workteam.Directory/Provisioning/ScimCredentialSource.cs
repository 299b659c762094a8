using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Workteam.Contracts;
using Workteam.Directory.Data;

namespace Workteam.Directory.Provisioning;

/// <summary>
/// Hands the gateway each organization's SCIM tokens: the ones that work, and the retired ones with the reason each
/// no longer works, so that the gateway's 401 (and the provisioning activity) can say why. Tokens revoked more than
/// <see cref="RevokedTokensKept"/> ago are left out: the gateway then calls them unknown. Also records when tokens
/// were used and when each organization's latest successful SCIM write started.
/// </summary>
public sealed class ScimCredentialSource(DirectoryDbContext db, TimeProvider clock)
{
    public static readonly TimeSpan RevokedTokensKept = TimeSpan.FromDays(30);

    public async Task<ScimCredentialSnapshot> SnapshotAsync(CancellationToken cancellationToken)
    {
        var revokedSince = clock.GetUtcNow() - RevokedTokensKept;
        var tokens = await (
            from token in db.ScimTokens.AsNoTracking()
            join organization in db.Organizations.AsNoTracking() on token.OrganizationId equals organization.Id
            join issuer in db.Accounts.AsNoTracking() on token.CreatedByAccountId equals issuer.Id
            join revoker in db.Accounts.AsNoTracking() on token.RevokedByAccountId equals revoker.Id into revokers
            from revoker in revokers.DefaultIfEmpty()
            where token.RevokedAt == null || token.RevokedAt > revokedSince
            orderby token.OrganizationId, token.Id
            select new TokenState(
                token.OrganizationId, token.Id, token.TokenHash, token.RevokedAt, revoker.Email ?? revoker.UserName,
                organization.ScimProvisioningEnabled, issuer.Email ?? issuer.UserName, issuer.Role, issuer.Status,
                issuer.OrganizationId == organization.Id)).ToListAsync(cancellationToken);

        var organizations = tokens.GroupBy(t => t.OrganizationId)
            .Select(g => new OrganizationScimCredentials(
                g.Key,
                g.Where(t => RetiredReason(t) is null).Select(t => new ScimCredential(t.TokenId, t.TokenHash)).ToList(),
                g.Select(t => (Token: t, Reason: RetiredReason(t))).Where(t => t.Reason is not null)
                    .Select(t => new RetiredScimCredential(t.Token.TokenHash, t.Reason!)).ToList()))
            .ToList();
        return new ScimCredentialSnapshot(VersionOf(tokens), organizations);
    }

    public async Task RecordUsageAsync(ScimTokenUsage usage, CancellationToken cancellationToken)
    {
        await db.ScimTokens.Where(t => usage.TokenIds.Contains(t.Id) && (t.LastUsedAt == null || t.LastUsedAt < usage.UsedAt))
            .ExecuteUpdateAsync(t => t.SetProperty(x => x.LastUsedAt, usage.UsedAt), cancellationToken);
        if (usage.LastWrites is { Count: > 0 } writes)
        {
            // Only ever forward: reports of several gateway replicas, or a restored one, may arrive out of order.
            var organizationIds = writes.Select(w => w.OrganizationId).ToArray();
            var startedAt = writes.Select(w => w.LastWriteStartedAt.ToUniversalTime()).ToArray();
            await db.Database.ExecuteSqlInterpolatedAsync($"""
                UPDATE organizations AS o SET last_scim_write_at = w.started_at
                FROM (SELECT organization_id, max(started_at) AS started_at
                      FROM unnest({organizationIds}, {startedAt}) AS u(organization_id, started_at) GROUP BY organization_id) AS w
                WHERE o.id = w.organization_id AND (o.last_scim_write_at IS NULL OR o.last_scim_write_at < w.started_at)
                """, cancellationToken);
        }
    }

    /// <summary>Why the token does not work, as the sentence the SCIM client gets; null when it works.</summary>
    private static string? RetiredReason(TokenState token) =>
        token.RevokedAt is { } revokedAt
            ? string.Create(CultureInfo.InvariantCulture, $"This token was revoked on {revokedAt.UtcDateTime:yyyy-MM-dd} at {revokedAt.UtcDateTime:HH:mm} UTC")
                + (token.RevokedBy is null ? "." : $" by {token.RevokedBy}.")
            : !token.ProvisioningEnabled ? "This token does not work while SCIM provisioning is disabled for the organization."
            : token.IssuerStatus != AccountStatus.Active ? $"This token stopped working: {token.Issuer ?? "the admin"}, who generated it, is suspended."
            : token.IssuerRole != AccountRole.Admin || !token.IssuerInOrganization
                ? $"This token stopped working: {token.Issuer ?? "the admin"}, who generated it, is no longer an admin."
            : null;

    /// <summary>Changes whenever a token starts or stops working, or the reason a retired one gives changes.</summary>
    private static string VersionOf(IEnumerable<TokenState> tokens)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var token in tokens)
        {
            hash.AppendData(token.TokenId.ToByteArray());
            hash.AppendData(Encoding.UTF8.GetBytes(RetiredReason(token) ?? "works"));
        }

        return Convert.ToHexString(hash.GetHashAndReset())[..32];
    }

    private sealed record TokenState(
        Guid OrganizationId, Guid TokenId, byte[] TokenHash, DateTimeOffset? RevokedAt, string? RevokedBy, bool ProvisioningEnabled,
        string? Issuer, AccountRole IssuerRole, AccountStatus IssuerStatus, bool IssuerInOrganization);
}
