using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Workteam.Contracts.Provisioning;
using Workteam.Directory.Activity;
using Workteam.Directory.Data;
using Workteam.Directory.Invitations;
using Workteam.Directory.Provisioning.Guard;

namespace Workteam.Directory.Provisioning;

/// <summary>
/// Applies SCIM user events to accounts, newest version wins. Runs inside <see cref="ProvisioningInbox"/>'s
/// transaction: suspension revokes the member's sessions in the same transaction.
/// </summary>
public sealed class UserProvisioning(
    DirectoryDbContext db, InvitationService invitations, DeprovisioningGuard guard, ActivityLog activity, TimeProvider clock)
{
    private PreloadedAccounts? _preloaded;

    /// <summary>
    /// Loads, in one statement, every account the events may touch: by SCIM user id, and by the email each event
    /// would give its member. Until <see cref="ForgetPreloaded"/>, the look-ups of these events read the tracked
    /// accounts instead of sending two queries per event (docs/decisions/0028-cpu-per-provisioned-user.md). Call it
    /// in the transaction that applies the events, after their locks, and after the change tracker was cleared.
    /// </summary>
    public async Task PreloadAsync(IReadOnlyList<IScimResourceEvent> messages, CancellationToken cancellationToken)
    {
        _preloaded = null;
        var organizations = messages.Select(m => m.OrganizationId).ToHashSet();
        var scimUserIds = messages.Select(m => m.ResourceId).ToHashSet();
        var emails = messages.OfType<IScimUserStateEvent>().Select(m => ProvisionedEmail.Choose(m.Profile)).OfType<string>()
            .Select(Account.Normalize).ToHashSet(StringComparer.Ordinal);
        var accounts = await db.Accounts
            .Where(a => organizations.Contains(a.OrganizationId)
                && ((a.ScimUserId != null && scimUserIds.Contains(a.ScimUserId.Value)) || emails.Contains(a.NormalizedEmail!)))
            .ToListAsync(cancellationToken);
        _preloaded = new PreloadedAccounts(accounts, organizations, scimUserIds, emails);
    }

    /// <summary>Look-ups query the database again (the change tracker may be cleared from here on).</summary>
    public void ForgetPreloaded() => _preloaded = null;

    private Account? Remember(Account? account) => _preloaded is null ? account : _preloaded.Remember(account);

    /// <summary>Applies a state event; <paramref name="guarded"/> is false only for a held action an admin applies.</summary>
    public async Task<ProvisioningOutcome> ApplyAsync(
        IScimUserStateEvent message, FailureReports reports, CancellationToken cancellationToken, bool guarded = true)
    {
        var outcome = new ProvisioningOutcome();
        var profile = message.Profile;
        // Found once per batch: the events of a batch mostly belong to one organization.
        var organization = await db.Organizations.FindAsync([message.OrganizationId], cancellationToken);
        if (organization is null)
        {
            outcome.Failures.Add(reports.User("organization", profile.UserName, 404, "The organization does not exist in Workteam; the user was not provisioned."));
            return outcome;
        }

        var account = await FindAsync(message.OrganizationId, message.ResourceId, cancellationToken);
        if (account is not null && Skipped(account, message, outcome))
        {
            return outcome;
        }

        if (guarded && account is not null
            && await guard.HoldsAsync(account, message, profile.Active ? null : DeprovisioningKind.Deactivate, reports, outcome, cancellationToken))
        {
            return outcome;
        }

        var email = ProvisionedEmail.Choose(profile);
        var holder = await EmailHolderAsync(organization.Id, account, email, cancellationToken);
        account ??= AdoptOrCreate(organization.Id, message.ResourceId, holder);
        await ApplyEmailAsync(account, email, holder, profile, reports, outcome, cancellationToken);
        await ApplyRoleAsync(account, profile, reports, outcome, cancellationToken);
        outcome.RevokedAccess = await ApplyStatusAsync(account, profile.Active, cancellationToken);

        account.ScimVersion = message.Version;
        account.UserName = profile.UserName;
        account.ExternalId = profile.ExternalId;
        account.DisplayName = profile.DisplayName;
        account.GivenName = profile.GivenName;
        account.FamilyName = profile.FamilyName;
        account.Title = profile.Title;
        account.Department = profile.Department;
        account.ManagerScimUserId = profile.ManagerId;
        account.OtherAttributes = profile.OtherAttributes is { Count: > 0 } attributes ? JsonSerializer.Serialize(attributes) : null;
        await db.SaveChangesAsync(cancellationToken);

        if (organization.InvitationsEnabled)
        {
            await invitations.InviteIfDueAsync(account, cancellationToken);
        }

        outcome.AccountId = account.Id;
        return outcome;
    }

    public async Task<ProvisioningOutcome> DeleteAsync(UserDeleted message, FailureReports reports, CancellationToken cancellationToken, bool guarded = true)
    {
        var outcome = new ProvisioningOutcome();
        if (!await db.Organizations.AnyAsync(o => o.Id == message.OrganizationId, cancellationToken))
        {
            outcome.Failures.Add(reports.User("organization", null, 404, "The organization does not exist in Workteam; the user was not deleted."));
            return outcome;
        }

        var account = await FindAsync(message.OrganizationId, message.ResourceId, cancellationToken);
        if (account is not null && Skipped(account, message, outcome))
        {
            return outcome;
        }

        if (guarded && account is not null
            && await guard.HoldsAsync(account, message, DeprovisioningKind.Delete, reports, outcome, cancellationToken))
        {
            return outcome;
        }

        // A deletion that overtook the user's creation still leaves a tombstone, so the creation is ignored.
        account ??= NewAccount(message.OrganizationId, message.ResourceId);
        await activity.EraseUserAsync(message.OrganizationId, message.ResourceId, account.Id,
            [account.Email, account.UserName, account.DisplayName, account.GivenName, account.FamilyName, account.ExternalId], cancellationToken);
        account.ScimVersion = message.Version;
        account.MarkDeleted(clock.GetUtcNow());
        account.Email = account.NormalizedEmail = null;
        account.PasswordHash = null;
        account.UserName = account.ExternalId = account.DisplayName = account.GivenName = account.FamilyName = null;
        account.Title = account.Department = null;
        account.ManagerScimUserId = null;
        account.OtherAttributes = null;
        await db.SaveChangesAsync(cancellationToken);

        await RevokeSessionsAsync(account.Id, cancellationToken);
        outcome.RevokedAccess = true;
        await db.Invitations.Where(i => i.AccountId == account.Id).ExecuteDeleteAsync(cancellationToken);
        await db.TeamMemberships
            .Where(m => m.ScimUserId == message.ResourceId && m.Present
                && db.Teams.Any(t => t.Id == m.TeamId && t.OrganizationId == message.OrganizationId))
            .ExecuteUpdateAsync(m => m.SetProperty(x => x.Present, false), cancellationToken);
        return outcome;
    }

    /// <summary>Whether the event changes nothing: its user was deleted, or a newer version is applied already.</summary>
    private static bool Skipped(Account account, IScimResourceEvent message, ProvisioningOutcome outcome)
    {
        if (account.Deleted)
        {
            outcome.Subject = ErasedNames.DeletedUser(message.ResourceId);
            outcome.Skip("The user was deleted before this change arrived.");
            return true;
        }

        if (!LastWriterWins.IsNewer(account.ScimVersion, message.Version))
        {
            outcome.Skip($"Older than the change Workteam already applied (version {message.Version}, applied {account.ScimVersion}).");
            return true;
        }

        return false;
    }

    private async Task<Account?> FindAsync(Guid organizationId, Guid scimUserId, CancellationToken cancellationToken) =>
        _preloaded?.CoversScimUser(organizationId, scimUserId) == true
            ? _preloaded.ByScimUser(organizationId, scimUserId)
            : Remember(await db.Accounts.SingleOrDefaultAsync(a => a.OrganizationId == organizationId && a.ScimUserId == scimUserId, cancellationToken));

    /// <summary>
    /// The account of the organization that holds <paramref name="email"/> (emails are unique within it), unless the member
    /// already has it; read once for both adopting an account and refusing an email taken by someone else.
    /// </summary>
    private async Task<Account?> EmailHolderAsync(Guid organizationId, Account? account, string? email, CancellationToken cancellationToken)
    {
        if (email is null)
        {
            return null;
        }

        var normalized = Account.Normalize(email);
        if (account?.NormalizedEmail == normalized)
        {
            return null;
        }

        return _preloaded?.CoversEmail(organizationId, normalized) == true
            ? _preloaded.ByEmail(organizationId, normalized)
            : Remember(await db.Accounts.SingleOrDefaultAsync(a => a.OrganizationId == organizationId && a.NormalizedEmail == normalized, cancellationToken));
    }

    /// <summary>
    /// An account the organization made by hand (its first admin, say) with the user's email becomes the
    /// provisioned member, so that Entra deactivating that person suspends it too.
    /// </summary>
    private Account AdoptOrCreate(Guid organizationId, Guid scimUserId, Account? emailHolder)
    {
        if (emailHolder is { ScimUserId: null, Deleted: false })
        {
            emailHolder.ScimUserId = scimUserId;
            return emailHolder;
        }

        return NewAccount(organizationId, scimUserId);
    }

    private Account NewAccount(Guid organizationId, Guid scimUserId)
    {
        var account = new Account
        {
            Id = Guid.CreateVersion7(),
            OrganizationId = organizationId,
            ScimUserId = scimUserId,
            Role = AccountRole.Member,
            CreatedAt = clock.GetUtcNow(),
        };
        db.Accounts.Add(account);
        return Remember(account)!;
    }

    private async Task ApplyEmailAsync(
        Account account, string? email, Account? emailHolder, ScimUserProfile profile, FailureReports reports, ProvisioningOutcome outcome,
        CancellationToken cancellationToken)
    {
        // Without a usable email the account keeps the one it has: it would otherwise no longer be able to sign in.
        var normalized = email is null ? null : Account.Normalize(email);
        if (email is null || normalized == account.NormalizedEmail)
        {
            return;
        }

        if (emailHolder is not null && emailHolder.Id != account.Id)
        {
            outcome.Failures.Add(reports.User("email", profile.UserName, 409,
                $"The email {email} belongs to another member of this organization; the member keeps {(account.Email is null ? "no email and cannot sign in" : account.Email)}."));
            return;
        }

        // A new account has no invitations to withdraw.
        var isNew = db.Entry(account).State == EntityState.Added;
        account.Email = email;
        account.NormalizedEmail = normalized;
        if (!isNew)
        {
            await invitations.RevokeOpenAsync(account.Id, cancellationToken);
        }
    }

    private async Task ApplyRoleAsync(
        Account account, ScimUserProfile profile, FailureReports reports, ProvisioningOutcome outcome, CancellationToken cancellationToken)
    {
        // Without app roles from Entra, the role is Workteam's to set (decision 0019): a new member starts as a member,
        // and one whose role Entra assigned until now goes back to being one.
        var hadRoleFromEntra = account.RoleFromEntra;
        account.RoleFromEntra = profile.Roles.Any(r => !string.IsNullOrWhiteSpace(r));
        if (!account.RoleFromEntra && !hadRoleFromEntra)
        {
            return;
        }

        var mapped = ScimRoleMapping.Map(profile.Roles);
        if (mapped.UnknownValues.Count > 0)
        {
            outcome.Failures.Add(reports.User("role", profile.UserName, 400,
                $"Unknown role {string.Join(", ", mapped.UnknownValues.Select(v => $"'{v}'"))}: Workteam knows Admin, Member and User. The member was given the {mapped.Role} role."));
        }

        if (mapped.Role == AccountRole.Member && account.IsActiveAdmin && !await OtherActiveAdminExistsAsync(account, cancellationToken))
        {
            outcome.Failures.Add(reports.User("last-admin", profile.UserName, 409,
                $"{account.Label} stays an admin: it is the organization's last active admin. Assign the Admin app role in Entra to it or to another member first."));
            return;
        }

        account.Role = mapped.Role;
    }

    /// <summary>
    /// Entra's switch; the member keeps access only while an admin's suspension does not take it (decision 0019).
    /// Answers whether that took the member's access away.
    /// </summary>
    private async Task<bool> ApplyStatusAsync(Account account, bool active, CancellationToken cancellationToken)
    {
        if (!account.SetEntraActive(active, clock.GetUtcNow()))
        {
            return false;
        }

        await RevokeSessionsAsync(account.Id, cancellationToken);
        await invitations.RevokeOpenAsync(account.Id, cancellationToken);
        return true;
    }

    private Task<bool> OtherActiveAdminExistsAsync(Account account, CancellationToken cancellationToken) =>
        db.Accounts.AnyAsync(a => a.OrganizationId == account.OrganizationId && a.Id != account.Id
            && a.Role == AccountRole.Admin && a.Status == AccountStatus.Active, cancellationToken);

    private async Task RevokeSessionsAsync(Guid accountId, CancellationToken cancellationToken)
    {
        using var span = EventTracing.Source.StartActivity("revoke sessions");
        var revoked = await db.Sessions.Where(s => s.AccountId == accountId && s.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, clock.GetUtcNow()), cancellationToken);
        span?.SetTag("workteam.sessions.revoked", revoked);
    }
}
