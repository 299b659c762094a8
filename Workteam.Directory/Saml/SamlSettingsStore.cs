using System.Security.Cryptography.X509Certificates;
using Microsoft.EntityFrameworkCore;
using Workteam.Directory.Accounts;
using Workteam.Directory.Activity;
using Workteam.Directory.Data;
using Workteam.Directory.Provisioning;

namespace Workteam.Directory.Saml;

public sealed record SamlCertificateView(string Subject, string Thumbprint, DateTimeOffset NotAfter);

/// <summary>What the settings page and API show: Workteam's values to paste into Entra, and Entra's values Workteam trusts.</summary>
public sealed record SamlSettingsView(
    Guid OrganizationId,
    bool Enabled,
    bool Required,
    string SpEntityId,
    string AcsUrl,
    string SignOnUrl,
    string MetadataUrl,
    string? IdpEntityId,
    string? IdpSignOnUrl,
    IReadOnlyList<SamlCertificateView> Certificates,
    DateTimeOffset? UpdatedAt,
    string? UpdatedBy);

/// <summary>
/// An admin's change: the identity provider from Entra's federation metadata, or from its three values pasted
/// separately, or neither to keep the one configured.
/// </summary>
public sealed record SamlSettingsUpdate(bool Enabled, bool Required, string? MetadataXml, string? IdpEntityId, string? IdpSignOnUrl, string? IdpCertificate);

/// <summary>Both sides of an organization's SAML trust, while its SSO is enabled.</summary>
public sealed record SamlTrust(SamlServiceProvider ServiceProvider, SamlIdentityProvider IdentityProvider, bool Required);

/// <summary>The "Single sign-on (SAML)" settings of an organization. Every change is audited.</summary>
public sealed class SamlSettingsStore(DirectoryDbContext db, PublicUrls urls, AuditLog audit, TimeProvider clock)
{
    private const string Target = "SAML single sign-on";

    public async Task<Result<SamlSettingsView>> GetAsync(Guid organizationId, CancellationToken cancellationToken)
    {
        if (!await db.Organizations.AnyAsync(o => o.Id == organizationId, cancellationToken))
        {
            return Result<SamlSettingsView>.NotFound("No such organization.");
        }

        var settings = await db.SamlSettings.AsNoTracking().SingleOrDefaultAsync(s => s.OrganizationId == organizationId, cancellationToken);
        var updatedBy = settings?.UpdatedByAccountId is { } accountId ? (await audit.ActorAsync(accountId, cancellationToken)).Label : null;
        var sp = urls.SamlServiceProvider(organizationId);
        return Result<SamlSettingsView>.Ok(new SamlSettingsView(
            organizationId,
            settings?.Enabled ?? false,
            settings?.Required ?? false,
            sp.EntityId,
            sp.AcsUrl.ToString(),
            sp.SignOnUrl.ToString(),
            sp.MetadataUrl.ToString(),
            settings?.IdpEntityId,
            settings?.IdpSignOnUrl,
            settings is null ? [] : Certificates(settings).Select(View).ToList(),
            settings?.UpdatedAt,
            updatedBy));
    }

    public async Task<Result<SamlSettingsView>> UpdateAsync(Guid organizationId, SamlSettingsUpdate update, Guid adminAccountId, CancellationToken cancellationToken)
    {
        if (!await db.Organizations.AnyAsync(o => o.Id == organizationId, cancellationToken))
        {
            return Result<SamlSettingsView>.NotFound("No such organization.");
        }

        var given = ReadIdentityProvider(update);
        if (given.Error is { } error)
        {
            return Result<SamlSettingsView>.Invalid(given.Field!, error);
        }

        var settings = await db.SamlSettings.SingleOrDefaultAsync(s => s.OrganizationId == organizationId, cancellationToken);
        if (settings is null)
        {
            settings = new SamlSettings { OrganizationId = organizationId };
            db.SamlSettings.Add(settings);
        }

        var actor = await audit.ActorAsync(adminAccountId, cancellationToken);
        if (given.IdentityProvider is { } idp)
        {
            var certificates = idp.SigningCertificates.Select(c => Convert.ToBase64String(c.RawData)).ToList();
            if (settings.IdpEntityId != idp.EntityId || settings.IdpSignOnUrl != idp.SignOnUrl.ToString() || !settings.IdpCertificates.SequenceEqual(certificates))
            {
                audit.Add(organizationId, actor, AuditActions.SsoIdentityProviderChanged, Target,
                    $"Identity provider {idp.EntityId}, sign-on URL {idp.SignOnUrl}, signing certificates {string.Join(", ", idp.SigningCertificates.Select(c => c.Thumbprint))}.");
            }

            settings.IdpEntityId = idp.EntityId;
            settings.IdpSignOnUrl = idp.SignOnUrl.ToString();
            settings.IdpCertificates = certificates;
        }

        if (update.Enabled && !settings.HasIdentityProvider)
        {
            return Result<SamlSettingsView>.Invalid("enabled",
                "SSO cannot be enabled before the identity provider is configured: give Entra's Federation Metadata XML (metadataXml), or its idpEntityId, idpSignOnUrl and idpCertificate.");
        }

        if (settings.Enabled != update.Enabled)
        {
            audit.Add(organizationId, actor, update.Enabled ? AuditActions.SsoEnabled : AuditActions.SsoDisabled, Target);
        }

        if (settings.Required != update.Required)
        {
            audit.Add(organizationId, actor, AuditActions.SsoRequiredChanged, Target,
                update.Required ? "Members must sign in with SSO; admins may still use their passwords." : "Members may sign in with a password too.");
        }

        settings.Enabled = update.Enabled;
        settings.Required = update.Required;
        settings.UpdatedAt = clock.GetUtcNow();
        settings.UpdatedByAccountId = adminAccountId;
        await db.SaveChangesAsync(cancellationToken);
        return await GetAsync(organizationId, cancellationToken);
    }

    /// <summary>The organization's trust while its SSO is enabled, else null.</summary>
    public async Task<SamlTrust?> EnabledTrustAsync(Guid organizationId, CancellationToken cancellationToken)
    {
        var settings = await db.SamlSettings.AsNoTracking().SingleOrDefaultAsync(s => s.OrganizationId == organizationId && s.Enabled, cancellationToken);
        if (settings is null || !settings.HasIdentityProvider)
        {
            return null;
        }

        var idp = new SamlIdentityProvider(settings.IdpEntityId!, new Uri(settings.IdpSignOnUrl!), Certificates(settings));
        return new SamlTrust(urls.SamlServiceProvider(organizationId), idp, settings.Required);
    }

    /// <summary>Of these organizations, those whose members must sign in with SSO.</summary>
    public async Task<HashSet<Guid>> RequiringSsoAsync(IReadOnlyCollection<Guid> organizationIds, CancellationToken cancellationToken) =>
        (await db.SamlSettings.AsNoTracking().Where(s => organizationIds.Contains(s.OrganizationId) && s.Enabled && s.Required)
            .Select(s => s.OrganizationId).ToListAsync(cancellationToken)).ToHashSet();

    private static (SamlIdentityProvider? IdentityProvider, string? Field, string? Error) ReadIdentityProvider(SamlSettingsUpdate update)
    {
        var values = new[] { update.IdpEntityId, update.IdpSignOnUrl, update.IdpCertificate };
        var anyValue = values.Any(v => !string.IsNullOrWhiteSpace(v));
        var field = "metadataXml";
        try
        {
            if (!string.IsNullOrWhiteSpace(update.MetadataXml))
            {
                return anyValue
                    ? (null, field, "Give either the federation metadata XML or the three values (idpEntityId, idpSignOnUrl, idpCertificate), not both.")
                    : (IdentityProviderMetadata.Parse(update.MetadataXml), null, null);
            }

            if (!anyValue)
            {
                return (null, null, null);
            }

            field = string.IsNullOrWhiteSpace(update.IdpEntityId) ? "idpEntityId"
                : string.IsNullOrWhiteSpace(update.IdpSignOnUrl) ? "idpSignOnUrl"
                : string.IsNullOrWhiteSpace(update.IdpCertificate) ? "idpCertificate"
                : "identityProvider";
            return field != "identityProvider"
                ? (null, field, $"{field} is missing: give idpEntityId, idpSignOnUrl and idpCertificate together (or the federation metadata XML).")
                : (IdentityProviderMetadata.FromValues(update.IdpEntityId!.Trim(), update.IdpSignOnUrl!.Trim(), update.IdpCertificate!), null, null);
        }
        catch (SamlConfigurationException e)
        {
            return (null, field, e.Message);
        }
    }

    private static List<X509Certificate2> Certificates(SamlSettings settings) =>
        settings.IdpCertificates.Select(c => X509CertificateLoader.LoadCertificate(Convert.FromBase64String(c))).ToList();

    private static SamlCertificateView View(X509Certificate2 certificate) =>
        new(certificate.Subject, certificate.Thumbprint, certificate.NotAfter.ToUniversalTime());
}
