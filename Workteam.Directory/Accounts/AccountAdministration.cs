using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Workteam.Directory.Activity;
using Workteam.Directory.Data;

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
            Status = AccountStatus.Active,
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

    public const string EntraDisabledMessage =
        "Microsoft Entra ID has disabled this member, and Workteam follows Entra: enable them in Entra (Enterprise applications → Workteam → "
        + "Users and groups, or the user's account) and Workteam gives their access back at Entra's next provisioning cycle.";

    public const string RoleFromEntraMessage =
        "Entra assigns this member's role through the app's roles: change it there (Enterprise applications → Workteam → Users and groups → Edit assignment).";

    public async Task<Result<Account>> ChangeAsync(Guid organizationId, Guid accountId, AccountChange change, Guid actingAccountId, CancellationToken cancellationToken)
    {
        var account = await db.Accounts.SingleOrDefaultAsync(a => a.Id == accountId && a.OrganizationId == organizationId && !a.Deleted, cancellationToken);
        if (account is null)
        {
            return Result<Account>.NotFound("No such account in this organization.");
        }

        if (accountId == actingAccountId && (change.Role == AccountRole.Member || change.Status == AccountStatus.Suspended))
        {
            return Result<Account>.Invalid("role", "You cannot demote or suspend yourself; ask another admin.");
        }

        if (change.Status == AccountStatus.Active && account.ManagedByEntra && !account.EntraActive)
        {
            return Result<Account>.Conflict("status", EntraDisabledMessage);
        }

        if (change.Role is { } wanted && wanted != account.Role && account.RoleFromEntra)
        {
            return Result<Account>.Conflict("role", RoleFromEntraMessage);
        }

        var actor = await audit.ActorAsync(actingAccountId, cancellationToken);
        if (change.Role is { } role && role != account.Role)
        {
            audit.Add(organizationId, actor, AuditActions.MemberRoleChanged, account.Label, $"{account.Role} → {role}", account.Id);
        }

        if (change.Status is { } newStatus && newStatus != account.Status)
        {
            audit.Add(organizationId, actor, AuditActions.MemberStatusChanged, account.Label, $"{account.Status} → {newStatus}", account.Id);
        }

        account.Role = change.Role ?? account.Role;
        if (change.Status is { } status)
        {
            account.SuspendedByAdmin = status == AccountStatus.Suspended;
            if (account.ApplySwitches(clock.GetUtcNow(), actingAccountId))
            {
                await RevokeSessionsAsync(account.Id, cancellationToken);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return Result<Account>.Ok(account);
    }

    private Task RevokeSessionsAsync(Guid accountId, CancellationToken cancellationToken) =>
        db.Sessions.Where(s => s.AccountId == accountId && s.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, clock.GetUtcNow()), cancellationToken);
}
