using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Workteam.Contracts;
using Workteam.Directory.Data;

namespace Workteam.Directory.Provisioning;

/// <summary>Hands the gateway the SCIM tokens that currently work, and records when they were used.</summary>
public sealed class ScimCredentialSource(DirectoryDbContext db)
{
    public async Task<ScimCredentialSnapshot> SnapshotAsync(CancellationToken cancellationToken)
    {
        var valid = await (
            from token in db.ScimTokens.AsNoTracking()
            join organization in db.Organizations.AsNoTracking() on token.OrganizationId equals organization.Id
            join issuer in db.Accounts.AsNoTracking() on token.CreatedByAccountId equals issuer.Id
            where token.RevokedAt == null
                && organization.ScimProvisioningEnabled
                && issuer.Role == AccountRole.Admin
                && issuer.Status == AccountStatus.Active
                && issuer.OrganizationId == organization.Id
            orderby token.OrganizationId, token.Id
            select new { token.OrganizationId, token.Id, token.TokenHash }).ToListAsync(cancellationToken);

        var organizations = valid.GroupBy(t => t.OrganizationId)
            .Select(g => new OrganizationScimCredentials(g.Key, g.Select(t => new ScimCredential(t.Id, t.TokenHash)).ToList()))
            .ToList();
        return new ScimCredentialSnapshot(VersionOf(valid.Select(t => t.Id)), organizations);
    }

    public Task RecordUsageAsync(ScimTokenUsage usage, CancellationToken cancellationToken) =>
        db.ScimTokens.Where(t => usage.TokenIds.Contains(t.Id) && (t.LastUsedAt == null || t.LastUsedAt < usage.UsedAt))
            .ExecuteUpdateAsync(t => t.SetProperty(x => x.LastUsedAt, usage.UsedAt), cancellationToken);

    private static string VersionOf(IEnumerable<Guid> tokenIds)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var id in tokenIds)
        {
            hash.AppendData(id.ToByteArray());
        }

        return Convert.ToHexString(hash.GetHashAndReset())[..32];
    }
}
