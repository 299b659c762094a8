using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Workteam.Contracts;
using Workteam.Directory.Activity;
using Workteam.Directory.Data;
using Workteam.Directory.Provisioning;
using Workteam.Directory.Saml;
using Workteam.Directory.Security;

namespace Workteam.Directory.Accounts;

public sealed record SignedIn(Account Account, string SessionToken, DateTimeOffset ExpiresAt);

/// <summary>An organization the person may sign in to, offered when the same email and password open several.</summary>
public sealed record OrganizationChoice(Guid OrganizationId, string Name);

/// <summary>
/// The outcome of a sign-in: <see cref="ResultKind.Ok"/> with a session, <see cref="ResultKind.Conflict"/> with the
/// organizations to choose from, <see cref="ResultKind.Invalid"/> (refused) or <see cref="ResultKind.Forbidden"/>
/// (locked or over a limit).
/// </summary>
/// <remarks><see cref="SsoSignOnUrl"/> is set when the password was right but the organization requires SSO for members.</remarks>
public sealed record SignInAttempt(ResultKind Kind, SignedIn? Session, IReadOnlyList<OrganizationChoice> Choices, string? Error, string? SsoSignOnUrl = null)
{
    public static SignInAttempt Refused { get; } = new(ResultKind.Invalid, null, [],
        "The email or password is not correct, or the account cannot sign in.");

    public static SignInAttempt Limited(string error) => new(ResultKind.Forbidden, null, [], error);

    public static SignInAttempt SsoRequired(string signOnUrl) => new(ResultKind.Forbidden, null, [],
        "Your organization signs its members in with Microsoft Entra ID: use \u201cSign in with Microsoft Entra ID\u201d instead of a password.", signOnUrl);
}

/// <summary>
/// Checks an email and password and opens a session. One email may have accounts in several organizations: the
/// password decides which, and when it opens more than one the person chooses. Repeated failures lock an account
/// for a while; suspended accounts cannot sign in. An unknown email costs the same work and gets the same answer as
/// a wrong password.
/// </summary>
public sealed class SignInService(
    DirectoryDbContext db, IPasswordHasher<Account> passwordHasher, SignInLimits limits, AuditLog audit, SamlSettingsStore saml, PublicUrls urls,
    TimeProvider clock)
{
    public const int MaxFailedAttempts = 5;
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromDays(14);

    /// <summary>Accounts one email may open at most in one sign-in (one person in that many organizations).</summary>
    private const int MaxAccountsPerEmail = 20;

    public async Task<SignInAttempt> SignInAsync(string? email, string? password, Guid? organizationId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password) || email.Length > 320)
        {
            return SignInAttempt.Refused;
        }

        var normalizedEmail = Account.Normalize(email);
        if (!limits.TryAcquireForAccount(normalizedEmail))
        {
            return SignInAttempt.Limited("Too many sign-in attempts for this account; try again in a minute.");
        }

        var now = clock.GetUtcNow();
        var candidates = await db.Accounts.AsNoTracking()
            .Where(a => a.NormalizedEmail == normalizedEmail && a.PasswordHash != null && a.Status == AccountStatus.Active
                && (organizationId == null || a.OrganizationId == organizationId))
            .OrderBy(a => a.Id)
            .Take(MaxAccountsPerEmail)
            .ToListAsync(cancellationToken);
        if (candidates.Count == 0)
        {
            DummyPassword.Verify(passwordHasher, password);
            return SignInAttempt.Refused;
        }

        var open = candidates.Where(a => !(a.LockedOutUntil > now)).ToList();
        if (open.Count == 0)
        {
            return SignInAttempt.Limited("Too many failed sign-ins: the account is locked for a few minutes.");
        }

        var matched = open.Where(a => passwordHasher.VerifyHashedPassword(a, a.PasswordHash!, password) != PasswordVerificationResult.Failed).ToList();
        if (matched.Count == 0)
        {
            foreach (var account in open)
            {
                await CountFailureAsync(account, now, cancellationToken);
            }

            return SignInAttempt.Refused;
        }

        // Checked only once the password matched, so the answer tells nobody without it where the email has an account.
        var ssoOnly = await SsoOnlyMembersAsync(matched, cancellationToken);
        matched.RemoveAll(ssoOnly.Contains);
        switch (matched.Count)
        {
            case 0:
                return SignInAttempt.SsoRequired(urls.SamlServiceProvider(ssoOnly[0].OrganizationId).SignOnUrl.ToString());
            case 1:
                var admin = matched[0].Role == AccountRole.Admin;
                return new SignInAttempt(ResultKind.Ok,
                    await OpenSessionAsync(matched[0], now, admin ? AuditActions.AdminSignedIn : null, null, cancellationToken), [], null);
            default:
                var ids = matched.Select(a => a.OrganizationId).ToList();
                var choices = await db.Organizations.AsNoTracking().Where(o => ids.Contains(o.Id)).OrderBy(o => o.Name)
                    .Select(o => new OrganizationChoice(o.Id, o.Name)).ToListAsync(cancellationToken);
                return new SignInAttempt(ResultKind.Conflict, null, choices, "This email and password open accounts in several organizations: choose one.");
        }
    }

    /// <summary>Opens a session for an account its organization's identity provider vouched for (SAML).</summary>
    public async Task<SignedIn> SignInWithSsoAsync(Account account, string detail, CancellationToken cancellationToken) =>
        await OpenSessionAsync(account, clock.GetUtcNow(), AuditActions.SsoSignedIn, detail, cancellationToken);

    public async Task EndSessionAsync(Guid sessionId, CancellationToken cancellationToken) =>
        await db.Sessions.Where(s => s.Id == sessionId && s.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, clock.GetUtcNow()), cancellationToken);

    /// <summary>
    /// Counts a failed attempt in one statement, so that wrong guesses sent in parallel each count; the attempt that
    /// reaches the limit locks the account and starts the count again.
    /// </summary>
    private async Task CountFailureAsync(Account account, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // To the microsecond, as PostgreSQL keeps it, so that it can be compared below.
        var lockedUntil = now + LockoutDuration;
        lockedUntil = lockedUntil.AddTicks(-(lockedUntil.Ticks % 10));
        await db.Accounts.Where(a => a.Id == account.Id).ExecuteUpdateAsync(a => a
            .SetProperty(x => x.LockedOutUntil, x => x.FailedSignInCount + 1 >= MaxFailedAttempts ? lockedUntil : x.LockedOutUntil)
            .SetProperty(x => x.FailedSignInCount, x => x.FailedSignInCount + 1 >= MaxFailedAttempts ? 0 : x.FailedSignInCount + 1),
            cancellationToken);
        // Only the attempt that locked the account set this very time (each attempt has its own).
        var locked = await db.Accounts.AnyAsync(a => a.Id == account.Id && a.LockedOutUntil == lockedUntil, cancellationToken);
        var actor = AuditActor.Of(account);
        audit.Add(account.OrganizationId, actor, AuditActions.SignInFailed, account.Label, "Wrong password.", account.Id);
        if (locked)
        {
            audit.Add(account.OrganizationId, actor, AuditActions.AccountLocked, account.Label,
                $"{MaxFailedAttempts} failed sign-ins: locked until {lockedUntil:yyyy-MM-dd HH:mm} UTC.", account.Id);
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Members whose organization requires SSO may not use their password (admins may: their way back in when SSO
    /// fails). Each refusal is audited.
    /// </summary>
    private async Task<List<Account>> SsoOnlyMembersAsync(List<Account> matched, CancellationToken cancellationToken)
    {
        var members = matched.Where(a => a.Role != AccountRole.Admin).ToList();
        if (members.Count == 0)
        {
            return [];
        }

        var requiring = await saml.RequiringSsoAsync(members.Select(a => a.OrganizationId).ToList(), cancellationToken);
        var ssoOnly = members.Where(a => requiring.Contains(a.OrganizationId)).ToList();
        foreach (var account in ssoOnly)
        {
            audit.Add(account.OrganizationId, AuditActor.Of(account), AuditActions.SignInFailed, account.Label,
                "Password sign-in refused: the organization requires members to sign in with SSO.", account.Id);
            await db.SaveChangesAsync(cancellationToken);
        }

        return ssoOnly;
    }

    private async Task<SignedIn> OpenSessionAsync(Account account, DateTimeOffset now, string? auditAction, string? auditDetail, CancellationToken cancellationToken)
    {
        if (account.FailedSignInCount != 0 || account.LockedOutUntil is not null)
        {
            await db.Accounts.Where(a => a.Id == account.Id).ExecuteUpdateAsync(a => a
                .SetProperty(x => x.FailedSignInCount, 0)
                .SetProperty(x => x.LockedOutUntil, (DateTimeOffset?)null), cancellationToken);
        }

        var token = SecretTokens.Generate(SecretTokens.SessionPrefix);
        var session = new Session
        {
            Id = Guid.CreateVersion7(),
            AccountId = account.Id,
            TokenHash = SecretHash.Compute(token),
            CreatedAt = now,
            ExpiresAt = now + SessionLifetime,
        };
        db.Sessions.Add(session);
        if (auditAction is not null)
        {
            audit.Add(account.OrganizationId, AuditActor.Of(account), auditAction, account.Label, auditDetail, account.Id);
        }

        await db.SaveChangesAsync(cancellationToken);
        return new SignedIn(account, token, session.ExpiresAt);
    }
}

/// <summary>A password hash no one knows: verifying against it costs what verifying a real account's password costs.</summary>
internal static class DummyPassword
{
    private static readonly Account Nobody = new();
    private static string? _hash;

    public static void Verify(IPasswordHasher<Account> hasher, string password)
    {
        _hash ??= hasher.HashPassword(Nobody, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)));
        hasher.VerifyHashedPassword(Nobody, _hash, password);
    }
}
