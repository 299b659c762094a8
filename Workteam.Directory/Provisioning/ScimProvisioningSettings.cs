using Microsoft.EntityFrameworkCore;
using Workteam.Contracts;
using Workteam.Directory.Accounts;
using Workteam.Directory.Activity;
using Workteam.Directory.Data;
using Workteam.Directory.Security;

namespace Workteam.Directory.Provisioning;

public sealed record ScimTokenView(
    Guid TokenId,
    string Prefix,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset? LastUsedAt,
    DateTimeOffset? RevokedAt,
    bool Works,
    string Status);

public sealed record ScimSettingsView(
    Guid OrganizationId,
    bool Enabled,
    string? NotificationEmail,
    bool InvitationsEnabled,
    string BaseUrl,
    IReadOnlyList<ScimTokenView> Tokens);

public sealed record GeneratedScimToken(Guid TokenId, string Token, string BaseUrl);

/// <summary>
/// The "SCIM User Provisioning" settings of an organization: on or off, the Base URL Entra calls, the
/// failure notification address, whether provisioned members are invited by email, and the bearer tokens. A token works only while it is not revoked,
/// provisioning is enabled and the admin who generated it is still an active admin.
/// </summary>
public sealed class ScimProvisioningSettings(DirectoryDbContext db, PublicUrls urls, AuditLog audit, TimeProvider clock)
{
    public async Task<Result<ScimSettingsView>> GetAsync(Guid organizationId, CancellationToken cancellationToken)
    {
        var organization = await db.Organizations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == organizationId, cancellationToken);
        if (organization is null)
        {
            return Result<ScimSettingsView>.NotFound("No such organization.");
        }

        var tokens = await (
            from token in db.ScimTokens.AsNoTracking()
            join issuer in db.Accounts.AsNoTracking() on token.CreatedByAccountId equals issuer.Id
            where token.OrganizationId == organizationId
            orderby token.CreatedAt descending
            select new { token, issuer }).ToListAsync(cancellationToken);

        return Result<ScimSettingsView>.Ok(new ScimSettingsView(
            organization.Id,
            organization.ScimProvisioningEnabled,
            organization.NotificationEmail,
            organization.InvitationsEnabled,
            urls.ScimBaseUrl(organization.Id),
            tokens.Select(t => View(t.token, t.issuer, organization)).ToList()));
    }

    public async Task<Result<ScimSettingsView>> UpdateAsync(
        Guid organizationId, bool enabled, string? notificationEmail, bool? invitationsEnabled, Guid adminAccountId, CancellationToken cancellationToken)
    {
        var email = string.IsNullOrWhiteSpace(notificationEmail) ? null : notificationEmail.Trim();
        if (email is not null && AccountRules.ValidateEmail(email) is { } error)
        {
            return Result<ScimSettingsView>.Invalid("notificationEmail", error);
        }

        var organization = await db.Organizations.SingleOrDefaultAsync(o => o.Id == organizationId, cancellationToken);
        if (organization is null)
        {
            return Result<ScimSettingsView>.NotFound("No such organization.");
        }

        var actor = await audit.ActorAsync(adminAccountId, cancellationToken);
        if (organization.ScimProvisioningEnabled != enabled)
        {
            audit.Add(organizationId, actor, enabled ? AuditActions.ProvisioningEnabled : AuditActions.ProvisioningDisabled, "SCIM provisioning");
        }

        if (organization.NotificationEmail != email)
        {
            audit.Add(organizationId, actor, AuditActions.NotificationEmailChanged, "Failure notification email",
                $"{organization.NotificationEmail ?? "none"} → {email ?? "none"}");
        }

        if (invitationsEnabled is { } invitations && invitations != organization.InvitationsEnabled)
        {
            audit.Add(organizationId, actor, AuditActions.InvitationsChanged, "Invitations", invitations ? "Members Entra provisions are invited by email." : "No invitation emails.");
        }

        organization.ScimProvisioningEnabled = enabled;
        organization.NotificationEmail = email;
        organization.InvitationsEnabled = invitationsEnabled ?? organization.InvitationsEnabled;
        await db.SaveChangesAsync(cancellationToken);
        return await GetAsync(organizationId, cancellationToken);
    }

    public async Task<Result<GeneratedScimToken>> GenerateTokenAsync(Guid organizationId, Guid adminAccountId, CancellationToken cancellationToken)
    {
        if (!await db.Organizations.AnyAsync(o => o.Id == organizationId, cancellationToken))
        {
            return Result<GeneratedScimToken>.NotFound("No such organization.");
        }

        var token = SecretTokens.Generate(SecretTokens.ScimPrefix);
        var record = new ScimToken
        {
            Id = Guid.CreateVersion7(),
            OrganizationId = organizationId,
            Prefix = SecretTokens.DisplayPrefix(token),
            TokenHash = SecretHash.Compute(token),
            CreatedByAccountId = adminAccountId,
            CreatedAt = clock.GetUtcNow(),
        };
        db.ScimTokens.Add(record);
        audit.Add(organizationId, await audit.ActorAsync(adminAccountId, cancellationToken), AuditActions.ScimTokenGenerated, $"SCIM token {record.Prefix}…");
        await db.SaveChangesAsync(cancellationToken);
        return Result<GeneratedScimToken>.Ok(new GeneratedScimToken(record.Id, token, urls.ScimBaseUrl(organizationId)));
    }

    public async Task<bool> RevokeTokenAsync(Guid organizationId, Guid tokenId, Guid adminAccountId, CancellationToken cancellationToken)
    {
        var token = await db.ScimTokens.SingleOrDefaultAsync(t => t.Id == tokenId && t.OrganizationId == organizationId, cancellationToken);
        if (token is null)
        {
            return false;
        }

        if (token.RevokedAt is null)
        {
            token.RevokedAt = clock.GetUtcNow();
            token.RevokedByAccountId = adminAccountId;
            audit.Add(organizationId, await audit.ActorAsync(adminAccountId, cancellationToken), AuditActions.ScimTokenRevoked, $"SCIM token {token.Prefix}…");
        }

        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    private static ScimTokenView View(ScimToken token, Account issuer, Organization organization)
    {
        var status = token.RevokedAt is not null ? "Revoked."
            : !organization.ScimProvisioningEnabled ? "Not working: SCIM provisioning is disabled."
            : issuer.Status != AccountStatus.Active ? $"Not working: {issuer.Label}, who generated it, is suspended."
            : issuer.Role != AccountRole.Admin ? $"Not working: {issuer.Label}, who generated it, is no longer an admin."
            : "Active.";
        return new ScimTokenView(
            token.Id, token.Prefix, token.CreatedAt, issuer.Label, token.LastUsedAt, token.RevokedAt, status == "Active.", status);
    }
}
