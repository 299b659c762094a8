using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Workteam.Directory.Activity;
using Workteam.Directory.Data;
using Workteam.Directory.Provisioning;

namespace Workteam.Directory.Accounts;

public sealed record AccountChange(AccountRole? Role, AccountStatus? Status);

/// <summary>What an admin does to the accounts of their organization: promote, demote, suspend, reactivate.</summary>
public sealed class AccountAdministration(DirectoryDbContext db, IPasswordHasher<Account> passwordHasher, AuditLog audit, TimeProvider clock)
{
    public async Task<Result<Account>> CreateAsync(Guid organizationId, string? email, string? password, AccountRole role, CancellationToken cancellationToken)
    {
        if (AccountRules.ValidateEmail(email) is { } emailError)
        {
            return Result<Account>.Invalid("email", emailError);
        }

        if (AccountRules.ValidatePassword(password) is { } passwordError)
        {
            return Result<Account>.Invalid("password", passwordError);
        }

        var account = new Account
        {
            Id = Guid.CreateVersion7(),
            OrganizationId = organizationId,
            Email = email!.Trim(),
            NormalizedEmail = Account.Normalize(email),
            Role = role,
            CreatedAt = clock.GetUtcNow(),
        };
        account.PasswordHash = passwordHasher.HashPassword(account, password!);
        db.Accounts.Add(account);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            return Result<Account>.Conflict("email", "An account with this email already exists in this organization.");
        }

        return Result<Account>.Ok(account);
    }

    /// <summary>
    /// Promotes, demotes, suspends or lifts a suspension (decision 0019). For a member Entra manages it runs under the
    /// lock provisioning takes for that SCIM user, so Entra's and the admin's changes of one member come one at a time.
    /// </summary>
    public Task<Result<Account>> ChangeAsync(Guid organizationId, Guid accountId, AccountChange change, Guid actingAccountId, CancellationToken cancellationToken) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var scimUserId = await db.Accounts.Where(a => a.Id == accountId && a.OrganizationId == organizationId)
                .Select(a => a.ScimUserId).SingleOrDefaultAsync(cancellationToken);
            if (scimUserId is not null)
            {
                await ProvisioningInbox.LockAsync(db, scimUserId.Value, cancellationToken);
            }

            var account = await db.Accounts.SingleOrDefaultAsync(a => a.Id == accountId && a.OrganizationId == organizationId && !a.Deleted, cancellationToken);
            if (account is null)
            {
                return Result<Account>.NotFound("No such account in this organization.");
            }

            var result = await ChangeLockedAsync(account, change, actingAccountId, cancellationToken);
            if (result.Succeeded)
            {
                await transaction.CommitAsync(cancellationToken);
            }

            return result;
        });

    private async Task<Result<Account>> ChangeLockedAsync(Account account, AccountChange change, Guid actingAccountId, CancellationToken cancellationToken)
    {
        if (account.Id == actingAccountId && (change.Role == AccountRole.Member || change.Status == AccountStatus.Suspended))
        {
            return Result<Account>.Invalid("role", "You cannot demote or suspend yourself; ask another admin.");
        }

        if (change.Status is { } wantedStatus && AccessSwitches.RefuseStatus(account.EntraActive, wantedStatus) is { } statusRefusal)
        {
            return Result<Account>.Conflict("status", statusRefusal);
        }

        if (change.Role is { } wantedRole && AccessSwitches.RefuseRole(account.RoleFromEntra, account.Role, wantedRole) is { } roleRefusal)
        {
            return Result<Account>.Conflict("role", roleRefusal);
        }

        var actor = await audit.ActorAsync(actingAccountId, cancellationToken);
        if (change.Role is { } role && role != account.Role)
        {
            audit.Add(account.OrganizationId, actor, AuditActions.MemberRoleChanged, account.Label, $"{account.Role} → {role}", account.Id);
            account.Role = role;
        }

        if (change.Status is { } status && (status == AccountStatus.Suspended) != account.SuspendedByAdmin)
        {
            var before = account.Status;
            if (account.SetSuspendedByAdmin(status == AccountStatus.Suspended, clock.GetUtcNow(), actingAccountId))
            {
                await RevokeSessionsAsync(account.Id, cancellationToken);
            }

            // Suspending a member Entra has disabled changes no status, but the admin's switch is on from now.
            audit.Add(account.OrganizationId, actor, AuditActions.MemberStatusChanged, account.Label,
                before == account.Status ? $"{before}, now suspended in Workteam too" : $"{before} → {account.Status}", account.Id);
        }

        await db.SaveChangesAsync(cancellationToken);
        return Result<Account>.Ok(account);
    }

    private Task RevokeSessionsAsync(Guid accountId, CancellationToken cancellationToken) =>
        db.Sessions.Where(s => s.AccountId == accountId && s.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, clock.GetUtcNow()), cancellationToken);
}
