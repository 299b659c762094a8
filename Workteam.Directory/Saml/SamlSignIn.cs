using Microsoft.EntityFrameworkCore;
using Workteam.Directory.Accounts;
using Workteam.Directory.Activity;
using Workteam.Directory.Data;

namespace Workteam.Directory.Saml;

/// <summary>A SAML sign-in's outcome: a session and where to go, or a refusal with the HTTP status to answer.</summary>
public sealed record SamlSignInOutcome(SignedIn? Session, string? RedirectPath, SamlRefusal? Refusal, int StatusCode)
{
    public static SamlSignInOutcome Refused(string code, string reason, int statusCode = StatusCodes.Status403Forbidden) =>
        new(null, null, new SamlRefusal(code, reason), statusCode);
}

/// <summary>
/// The stateful part of SAML sign-in: remembers the AuthnRequests sent, and after <see cref="SamlResponseValidator"/>
/// accepted a response, answers InResponseTo with one outstanding request of this organization, accepts each assertion
/// once, finds the account the NameID names in this organization, and opens a session like a password sign-in.
/// Every refusal of a response is audited with what an admin needs to fix it.
/// </summary>
public sealed class SamlSignIn(DirectoryDbContext db, SamlSettingsStore settings, SignInService signIn, AuditLog audit, TimeProvider clock)
{
    /// <summary>How long Workteam waits for the answer to an AuthnRequest.</summary>
    public static readonly TimeSpan RequestLifetime = TimeSpan.FromMinutes(10);

    private const int MaxAuditedLength = 320;

    /// <summary>The redirect to the identity provider with a new AuthnRequest; null while SSO is not enabled.</summary>
    public async Task<Uri?> StartAsync(Guid organizationId, string? returnPath, CancellationToken cancellationToken)
    {
        if (await settings.EnabledTrustAsync(organizationId, cancellationToken) is not { } trust)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var relayState = ReturnPaths.IsLocal(returnPath) ? returnPath : null;
        var request = new SamlRequest
        {
            Id = AuthnRequests.NewRequestId(),
            OrganizationId = organizationId,
            RelayState = relayState,
            CreatedAt = now,
            ExpiresAt = now + RequestLifetime,
        };
        db.SamlRequests.Add(request);
        await db.SaveChangesAsync(cancellationToken);
        return AuthnRequests.RedirectUrl(trust.ServiceProvider, trust.IdentityProvider, request.Id, now, relayState);
    }

    /// <summary>Checks a response posted to the organization's ACS and signs its account in; null for an unknown organization.</summary>
    public async Task<SamlSignInOutcome?> AcceptAsync(Guid organizationId, string? samlResponse, string? relayState, CancellationToken cancellationToken)
    {
        if (!await db.Organizations.AnyAsync(o => o.Id == organizationId, cancellationToken))
        {
            return null;
        }

        var trust = await settings.EnabledTrustAsync(organizationId, cancellationToken);
        if (trust is null)
        {
            return await RefuseAsync(organizationId, null, null, null, SamlSignInOutcome.Refused("sso-disabled",
                "Single sign-on is not enabled for this organization: sign in with your password, or ask an admin to enable SSO."), cancellationToken);
        }

        var issuer = trust.IdentityProvider.EntityId;
        if (string.IsNullOrEmpty(samlResponse))
        {
            return await RefuseAsync(organizationId, null, null, issuer, SamlSignInOutcome.Refused("missing-response",
                "The request carried no SAMLResponse form field.", StatusCodes.Status400BadRequest), cancellationToken);
        }

        var validation = new SamlResponseValidator(clock).Validate(samlResponse, trust.ServiceProvider, trust.IdentityProvider);
        if (validation.Assertion is not { } assertion)
        {
            return await RefuseAsync(organizationId, null, null, issuer, new SamlSignInOutcome(null, null, validation.Refusal, StatusCodes.Status403Forbidden), cancellationToken);
        }

        if (await RefusedStateAsync(organizationId, assertion, cancellationToken) is { } refused)
        {
            return await RefuseAsync(organizationId, null, assertion.NameId, issuer, refused, cancellationToken);
        }

        var returnPath = assertion.InResponseTo is { } requestId
            ? await db.SamlRequests.AsNoTracking().Where(r => r.Id == requestId).Select(r => r.RelayState).SingleAsync(cancellationToken)
            : relayState;
        var (account, refusal) = await FindAccountAsync(organizationId, assertion.NameId, cancellationToken);
        if (account is null)
        {
            return await RefuseAsync(organizationId, null, assertion.NameId, issuer, refusal!, cancellationToken);
        }

        if (refusal is not null)
        {
            return await RefuseAsync(organizationId, account, assertion.NameId, issuer, refusal, cancellationToken);
        }

        var how = assertion.InResponseTo is null ? "IdP-initiated" : "SP-initiated";
        var session = await signIn.SignInWithSsoAsync(account, Truncate($"{how} through {issuer}, NameID {assertion.NameId}."), cancellationToken);
        return new SamlSignInOutcome(session, ReturnPaths.OrHome(returnPath), null, StatusCodes.Status303SeeOther);
    }

    /// <summary>
    /// The checks against what replicas share: the assertion is used once (recorded even when a later check refuses, so
    /// that it never passes later), and an SP-initiated response answers an outstanding request of this organization,
    /// which it uses up. A response without InResponseTo is IdP-initiated (Entra's "Test this application").
    /// </summary>
    private async Task<SamlSignInOutcome?> RefusedStateAsync(Guid organizationId, SamlAssertion assertion, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (assertion.AssertionId.Length > SamlAssertionUseConfiguration.MaxAssertionIdLength)
        {
            return SamlSignInOutcome.Refused("assertion-id", $"The assertion's ID is longer than {SamlAssertionUseConfiguration.MaxAssertionIdLength} characters.");
        }

        // The validator's NotOnOrAfter includes the clock skew: after it, the assertion is refused anyway.
        var keepUntil = assertion.NotOnOrAfter.ToUniversalTime();
        var recorded = await db.Database.ExecuteSqlInterpolatedAsync(
            $"INSERT INTO saml_assertion_uses (organization_id, assertion_id, used_at, keep_until) VALUES ({organizationId}, {assertion.AssertionId}, {now}, {keepUntil}) ON CONFLICT DO NOTHING",
            cancellationToken);
        if (recorded == 0)
        {
            return SamlSignInOutcome.Refused("replay", "This sign-in response was used already: start the sign-in again.");
        }

        if (assertion.InResponseTo is { } requestId)
        {
            var consumed = await db.SamlRequests
                .Where(r => r.Id == requestId && r.OrganizationId == organizationId && r.ConsumedAt == null && r.ExpiresAt > now)
                .ExecuteUpdateAsync(r => r.SetProperty(x => x.ConsumedAt, now), cancellationToken);
            if (consumed == 0)
            {
                return SamlSignInOutcome.Refused("unknown-request",
                    $"The response answers no sign-in this organization started in the last {RequestLifetime.TotalMinutes:0} minutes, or one answered already: start the sign-in again.");
            }
        }

        return null;
    }

    /// <summary>
    /// The account whose SCIM userName, else email, is the NameID, in this organization only and whatever the case; SSO
    /// creates no accounts. An account found but without access comes with the refusal.
    /// </summary>
    private async Task<(Account? Account, SamlSignInOutcome? Refusal)> FindAccountAsync(Guid organizationId, string nameId, CancellationToken cancellationToken)
    {
        var userNameKey = nameId.ToLowerInvariant();
        var byUserName = await db.Accounts.AsNoTracking()
            .Where(a => a.OrganizationId == organizationId && !a.Deleted && EF.Property<string>(a, SearchKeys.UserNameKey) == userNameKey)
            .Take(2).ToListAsync(cancellationToken);
        if (byUserName.Count > 1)
        {
            return (null, SamlSignInOutcome.Refused("ambiguous-account", $"Several accounts of this organization have the user name {nameId}."));
        }

        var normalizedEmail = Account.Normalize(nameId);
        var account = byUserName.SingleOrDefault() ?? await db.Accounts.AsNoTracking()
            .SingleOrDefaultAsync(a => a.OrganizationId == organizationId && !a.Deleted && a.NormalizedEmail == normalizedEmail, cancellationToken);
        if (account is null)
        {
            return (null, SamlSignInOutcome.Refused("unknown-account",
                $"No account of this organization has the user name or email {nameId}. Ask an admin to provision you from Microsoft Entra ID."));
        }

        if (account.Status == AccountStatus.Active)
        {
            return (account, null);
        }

        var why = !account.EntraActive ? ("entra-disabled", "Your account is disabled in Microsoft Entra ID.")
            : ("suspended", "Your account is suspended in Workteam: ask an admin of your organization.");
        return (account, SamlSignInOutcome.Refused(why.Item1, why.Item2));
    }

    private async Task<SamlSignInOutcome> RefuseAsync(
        Guid organizationId, Account? account, string? nameId, string? issuer, SamlSignInOutcome outcome, CancellationToken cancellationToken)
    {
        var refusal = outcome.Refusal!;
        var actor = account is not null ? AuditActor.Of(account) : new AuditActor(null, Truncate(nameId ?? "Unknown (SAML)"));
        var detail = $"{refusal.Code}: {refusal.Reason}"
            + (nameId is null ? "" : $" NameID: {nameId}.")
            + (issuer is null ? "" : $" Identity provider: {issuer}.");
        audit.Add(organizationId, actor, AuditActions.SsoSignInRefused, Truncate(account?.Label ?? nameId ?? "SAML single sign-on"), detail, account?.Id);
        await db.SaveChangesAsync(cancellationToken);
        return outcome;
    }

    private static string Truncate(string text) => text.Length <= MaxAuditedLength ? text : text[..MaxAuditedLength];
}
