using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Workteam.Contracts;
using Workteam.Directory.Data;
using Workteam.Directory.Security;

namespace Workteam.Directory.Accounts;

public sealed record SignedIn(Account Account, string SessionToken, DateTimeOffset ExpiresAt);

/// <summary>
/// Checks an email and password and opens a session. Repeated failures lock the account for a while;
/// suspended accounts cannot sign in.
/// </summary>
public sealed class SignInService(DirectoryDbContext db, IPasswordHasher<Account> passwordHasher, TimeProvider clock)
{
    public const int MaxFailedAttempts = 5;
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromDays(14);

    public async Task<Result<SignedIn>> SignInAsync(string? email, string? password, CancellationToken cancellationToken)
    {
        const string refused = "The email or password is not correct, or the account cannot sign in.";
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password))
        {
            return Result<SignedIn>.Invalid("email", refused);
        }

        var normalizedEmail = Account.Normalize(email);
        var account = await db.Accounts.SingleOrDefaultAsync(a => a.NormalizedEmail == normalizedEmail, cancellationToken);
        var now = clock.GetUtcNow();
        if (account?.PasswordHash is null || account.Status != AccountStatus.Active)
        {
            return Result<SignedIn>.Invalid("email", refused);
        }

        if (account.LockedOutUntil > now)
        {
            return Result<SignedIn>.Forbidden("Too many failed sign-ins: the account is locked for a few minutes.");
        }

        if (passwordHasher.VerifyHashedPassword(account, account.PasswordHash, password) == PasswordVerificationResult.Failed)
        {
            account.FailedSignInCount++;
            if (account.FailedSignInCount >= MaxFailedAttempts)
            {
                account.LockedOutUntil = now + LockoutDuration;
                account.FailedSignInCount = 0;
            }

            await db.SaveChangesAsync(cancellationToken);
            return Result<SignedIn>.Invalid("email", refused);
        }

        account.FailedSignInCount = 0;
        account.LockedOutUntil = null;
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
        await db.SaveChangesAsync(cancellationToken);
        return Result<SignedIn>.Ok(new SignedIn(account, token, session.ExpiresAt));
    }

    public async Task EndSessionAsync(Guid sessionId, CancellationToken cancellationToken) =>
        await db.Sessions.Where(s => s.Id == sessionId && s.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, clock.GetUtcNow()), cancellationToken);
}
