using MassTransit;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Workteam.Contracts;
using Workteam.Directory.Activity;
using Workteam.Directory.Data;
using Workteam.Directory.Security;

namespace Workteam.Directory.Accounts;

public sealed record PasswordResetView(string Email, string OrganizationName);

/// <summary>
/// Mails password-reset links and sets the new password. One email may have accounts in several organizations: each
/// account that may get a mail (<see cref="PasswordResetPolicy"/>) gets its own, naming its organization. Using a link
/// sets the password, ends every session of the account and withdraws its other links.
/// </summary>
public sealed class PasswordResetService(
    DirectoryDbContext db, PasswordResetPolicy policy, PasswordResetEmail email, IPasswordHasher<Account> passwordHasher,
    AuditLog audit, IPublishEndpoint publish)
{
    /// <summary>Accounts one email may have at most (one person in that many organizations), as for sign-in.</summary>
    private const int MaxAccountsPerEmail = 20;

    private const string UnknownMessage = "This password-reset link is not valid. Check that you copied the whole link from the email.";

    /// <summary>Mails a link to each account of the email that may get one; returns how many were mailed.</summary>
    public async Task<int> RequestAsync(string address, CancellationToken cancellationToken)
    {
        var normalizedEmail = Account.Normalize(address);
        var accountIds = await db.Accounts.AsNoTracking().Where(a => a.NormalizedEmail == normalizedEmail)
            .OrderBy(a => a.Id).Select(a => a.Id).Take(MaxAccountsPerEmail).ToListAsync(cancellationToken);
        var mailed = 0;
        foreach (var accountId in accountIds)
        {
            mailed += await MailIfDueAsync(accountId, cancellationToken) ? 1 : 0;
        }

        return mailed;
    }

    public async Task<Result<PasswordResetView>> FindAsync(string? code, CancellationToken cancellationToken)
    {
        var found = await OpenAsync(code, cancellationToken);
        return found.Succeeded ? Result<PasswordResetView>.Ok(found.Value!.View) : Convert<PasswordResetView>(found);
    }

    /// <summary>Sets the password (same rules as sign-up), ends the account's sessions and closes its links.</summary>
    public async Task<Result<PasswordResetView>> CompleteAsync(string? code, string? password, CancellationToken cancellationToken)
    {
        var found = await OpenAsync(code, cancellationToken);
        if (!found.Succeeded)
        {
            return Convert<PasswordResetView>(found);
        }

        if (AccountRules.ValidatePassword(password) is { } passwordError)
        {
            return Result<PasswordResetView>.Invalid("password", passwordError);
        }

        var (reset, account, view) = found.Value!;
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var now = policy.Now;
            // Only one of two requests with the same link gets past this.
            var claimed = await db.PasswordResets.Where(r => r.Id == reset.Id && r.UsedAt == null && r.WithdrawnAt == null && r.ExpiresAt > now)
                .ExecuteUpdateAsync(r => r.SetProperty(x => x.UsedAt, now), cancellationToken);
            if (claimed == 0)
            {
                return Result<PasswordResetView>.Gone(PasswordResetPolicy.UnusableMessage);
            }

            // The member may have been suspended since the link was opened: then the transaction is rolled back.
            var passwordHash = passwordHasher.HashPassword(account, password!);
            var changed = await db.Accounts.Where(a => a.Id == account.Id && a.Status == AccountStatus.Active && a.PasswordHash != null)
                .ExecuteUpdateAsync(a => a.SetProperty(x => x.PasswordHash, passwordHash), cancellationToken);
            if (changed == 0)
            {
                return Result<PasswordResetView>.Gone(PasswordResetPolicy.UnusableMessage);
            }

            await db.PasswordResets.Where(r => r.AccountId == account.Id && r.UsedAt == null && r.WithdrawnAt == null)
                .ExecuteUpdateAsync(r => r.SetProperty(x => x.WithdrawnAt, now), cancellationToken);
            await db.Sessions.Where(s => s.AccountId == account.Id && s.RevokedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, now), cancellationToken);
            audit.Add(account.OrganizationId, AuditActor.Of(account), AuditActions.PasswordReset, account.Label,
                "New password from an emailed link; every session ended.", account.Id);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return Result<PasswordResetView>.Ok(view);
        });
    }

    /// <summary>
    /// Under the account's row lock, so that two replicas never both send the mail that goes over the limit. The mail is
    /// queued before the commit: a link that is never stored only fails to work; a stored one always counts.
    /// </summary>
    private Task<bool> MailIfDueAsync(Guid accountId, CancellationToken cancellationToken) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var account = (await db.Accounts.FromSql($"SELECT * FROM accounts WHERE id = {accountId} FOR UPDATE").AsNoTracking()
                .ToListAsync(cancellationToken)).Single();
            var windowStart = policy.WindowStart;
            var mailedAt = await db.PasswordResets.Where(r => r.AccountId == accountId && r.CreatedAt > windowStart)
                .Select(r => r.CreatedAt).ToListAsync(cancellationToken);
            if (!policy.MayMail(account, mailedAt))
            {
                return false;
            }

            var organizationName = await db.Organizations.Where(o => o.Id == account.OrganizationId).Select(o => o.Name).SingleAsync(cancellationToken);
            var code = SecretTokens.Generate(SecretTokens.PasswordResetPrefix);
            var reset = new PasswordReset
            {
                Id = Guid.CreateVersion7(),
                AccountId = accountId,
                CodeHash = SecretHash.Compute(code),
                CreatedAt = policy.Now,
                ExpiresAt = policy.ExpiresAt,
            };
            db.PasswordResets.Add(reset);
            audit.Add(account.OrganizationId, AuditActor.Of(account), AuditActions.PasswordResetRequested, account.Label,
                $"Link mailed, valid until {reset.ExpiresAt:yyyy-MM-dd HH:mm} UTC.", account.Id);
            await publish.Publish(email.Compose(reset, account.Email!, code, organizationName), context => context.MessageId = reset.Id, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return true;
        });

    private sealed record OpenReset(PasswordReset Reset, Account Account, PasswordResetView View);

    private async Task<Result<OpenReset>> OpenAsync(string? code, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(code) || !code.StartsWith(SecretTokens.PasswordResetPrefix, StringComparison.Ordinal) || code.Length > 100)
        {
            return Result<OpenReset>.NotFound(UnknownMessage);
        }

        var hash = SecretHash.Compute(code);
        var found = await (
            from r in db.PasswordResets.AsNoTracking()
            join a in db.Accounts.AsNoTracking() on r.AccountId equals a.Id
            join o in db.Organizations on a.OrganizationId equals o.Id
            where r.CodeHash == hash
            select new { reset = r, account = a, OrganizationName = o.Name }).SingleOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return Result<OpenReset>.NotFound(UnknownMessage);
        }

        return policy.IsUsable(found.reset, found.account)
            ? Result<OpenReset>.Ok(new OpenReset(found.reset, found.account, new PasswordResetView(found.account.Email!, found.OrganizationName)))
            : Result<OpenReset>.Gone(PasswordResetPolicy.UnusableMessage);
    }

    private static Result<T> Convert<T>(Result<OpenReset> failed) => new(failed.Kind, default, failed.Field, failed.Error);
}
