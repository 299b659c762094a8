using MassTransit;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Workteam.Contracts;
using Workteam.Directory.Accounts;
using Workteam.Directory.Activity;
using Workteam.Directory.Data;
using Workteam.Directory.Provisioning;
using Workteam.Directory.Security;

namespace Workteam.Directory.Invitations;

public sealed record InvitationView(string Email, string OrganizationName, DateTimeOffset ExpiresAt);

/// <summary>
/// Invites provisioned members to set a password. An invitation is created in the transaction that provisions the
/// member and mailed after it commits; its id is the email's message id. An invitation whose email was not
/// confirmed queued (the handling was interrupted before RabbitMQ took it) gets a fresh code when the event is
/// handled again, since only the hash of the old one was kept. A queued one keeps its code and is not mailed again:
/// Notifier delivers the queued email, and the invitation counts as sent once Notifier reports that the SMTP server
/// accepted it (<see cref="MarkSentAsync"/>).
/// </summary>
public sealed class InvitationService(
    DirectoryDbContext db, InvitationEmail email, IPasswordHasher<Account> passwordHasher, AuditLog audit, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    /// <summary>Codes of the invitations created in this scope: known only until their email is sent.</summary>
    private readonly Dictionary<Guid, string> _codes = [];

    /// <summary>The SCIM users of the accounts invited in this scope.</summary>
    private readonly HashSet<Guid> _invitedScimUsers = [];

    /// <summary>Whether this scope created an invitation for the SCIM user's account whose email may still be unsent.</summary>
    public bool CreatedUnsentFor(Guid scimUserId) => _invitedScimUsers.Contains(scimUserId);

    /// <summary>Creates an invitation when the member can sign in but has no password and no open invitation to its email.</summary>
    public async Task InviteIfDueAsync(Account account, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (account.Deleted || account.Status != AccountStatus.Active || account.Email is null || account.PasswordHash is not null
            || await db.Invitations.AnyAsync(i => i.AccountId == account.Id && i.Email == account.Email
                && i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now, cancellationToken))
        {
            return;
        }

        Create(account, account.Email, now);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// An admin sends a provisioned member who has not set a password yet a new invitation: the open one is withdrawn
    /// (its link answers 410) and a new code is mailed. Under the SCIM user's lock, like provisioning's changes.
    /// </summary>
    public async Task<Result<InvitationView>> ResendAsync(
        Guid organizationId, Guid accountId, Guid actingAccountId, IPublishEndpoint publish, CancellationToken cancellationToken)
    {
        var result = await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
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
                return Result<(InvitationView, Guid)>.NotFound("No such account in this organization.");
            }

            if (ResendRefusal(account) is { } refusal)
            {
                return Result<(InvitationView, Guid)>.Conflict("invitation", refusal);
            }

            await RevokeOpenAsync(account.Id, cancellationToken);
            var invitation = Create(account, account.Email!, clock.GetUtcNow());
            audit.Add(organizationId, await audit.ActorAsync(actingAccountId, cancellationToken), AuditActions.InvitationResent, account.Label,
                "The open invitation was withdrawn and a new one mailed.", account.Id);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            var organizationName = await db.Organizations.Where(o => o.Id == organizationId).Select(o => o.Name).SingleAsync(cancellationToken);
            return Result<(InvitationView, Guid)>.Ok((new InvitationView(invitation.Email, organizationName, invitation.ExpiresAt), scimUserId!.Value));
        });
        if (!result.Succeeded)
        {
            return new Result<InvitationView>(result.Kind, null, result.Field, result.Error);
        }

        var (view, invitedScimUserId) = result.Value;
        await SendPendingAsync(organizationId, invitedScimUserId, publish, cancellationToken);
        return Result<InvitationView>.Ok(view);
    }

    /// <summary>Why the member cannot get a new invitation, or null.</summary>
    private static string? ResendRefusal(Account account) =>
        account.PasswordHash is not null ? "This member has already accepted the invitation (or has a password): there is nothing to resend."
        : account.ScimUserId is null ? "Only members provisioned by Microsoft Entra ID are invited by email."
        : account.Email is null ? "This member has no email Workteam can use: Entra has to send one first."
        : account.Status != AccountStatus.Active ? "This member has no access: an invitation is mailed only to an active member."
        : null;

    /// <summary>A new invitation with its code, to be mailed by <see cref="SendPendingAsync"/> from this scope.</summary>
    private Invitation Create(Account account, string address, DateTimeOffset now)
    {
        var code = SecretTokens.Generate(SecretTokens.InvitationPrefix);
        var invitation = new Invitation
        {
            Id = Guid.CreateVersion7(),
            AccountId = account.Id,
            CodeHash = SecretHash.Compute(code),
            Email = address,
            CreatedAt = now,
            ExpiresAt = now + Lifetime,
        };
        db.Invitations.Add(invitation);
        _codes[invitation.Id] = code;
        if (account.ScimUserId is { } scimUserId)
        {
            _invitedScimUsers.Add(scimUserId);
        }

        return invitation;
    }

    /// <summary>Withdraws the member's open invitations (suspended, or its email changed).</summary>
    public Task RevokeOpenAsync(Guid accountId, CancellationToken cancellationToken) =>
        db.Invitations.Where(i => i.AccountId == accountId && i.AcceptedAt == null && i.RevokedAt == null)
            .ExecuteUpdateAsync(i => i.SetProperty(x => x.RevokedAt, clock.GetUtcNow()), cancellationToken);

    /// <summary>
    /// Queues the emails of the member's open invitations not yet queued, under the SCIM user's lock so that two
    /// handlers never mail the same invitation with different codes.
    /// </summary>
    public Task SendPendingAsync(Guid organizationId, Guid scimUserId, IPublishEndpoint publish, CancellationToken cancellationToken) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await ProvisioningInbox.LockAsync(db, scimUserId, cancellationToken);
            var now = clock.GetUtcNow();
            var pending = await (
                from invitation in db.Invitations
                join account in db.Accounts on invitation.AccountId equals account.Id
                join organization in db.Organizations on account.OrganizationId equals organization.Id
                where account.OrganizationId == organizationId && account.ScimUserId == scimUserId
                    && invitation.QueuedAt == null && invitation.AcceptedAt == null && invitation.RevokedAt == null && invitation.ExpiresAt > now
                select new { invitation, OrganizationName = organization.Name }).ToListAsync(cancellationToken);

            foreach (var item in pending)
            {
                var code = CodeFor(item.invitation);
                await publish.Publish(email.Compose(item.invitation, code, item.OrganizationName),
                    context => context.MessageId = item.invitation.Id, cancellationToken);
                item.invitation.QueuedAt = clock.GetUtcNow();
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        });

    /// <summary>
    /// Marks the invitation whose email the SMTP server accepted as sent; a repeated report, or one about another
    /// email, changes nothing.
    /// </summary>
    public Task<int> MarkSentAsync(Guid emailId, DateTimeOffset acceptedAt, CancellationToken cancellationToken) =>
        db.Invitations.Where(i => i.Id == emailId && i.SentAt == null)
            .ExecuteUpdateAsync(i => i.SetProperty(x => x.SentAt, acceptedAt), cancellationToken);

    public async Task<Result<InvitationView>> FindAsync(string? code, CancellationToken cancellationToken)
    {
        var found = await OpenAsync(code, cancellationToken);
        return found.Succeeded ? Result<InvitationView>.Ok(found.Value!.View) : Convert<InvitationView>(found);
    }

    /// <summary>Sets the invited member's password (same rules as sign-up) and closes the invitation.</summary>
    public async Task<Result<InvitationView>> AcceptAsync(string? code, string? password, CancellationToken cancellationToken)
    {
        var found = await OpenAsync(code, cancellationToken);
        if (!found.Succeeded)
        {
            return Convert<InvitationView>(found);
        }

        if (AccountRules.ValidatePassword(password) is { } passwordError)
        {
            return Result<InvitationView>.Invalid("password", passwordError);
        }

        var (invitation, account, view) = found.Value!;
        account.PasswordHash = passwordHasher.HashPassword(account, password!);
        invitation.AcceptedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return Result<InvitationView>.Ok(view);
    }

    private sealed record OpenInvitation(Invitation Invitation, Account Account, InvitationView View);

    private async Task<Result<OpenInvitation>> OpenAsync(string? code, CancellationToken cancellationToken)
    {
        const string unknown = "This invitation link is not valid. Check that you copied the whole link from the email.";
        if (string.IsNullOrWhiteSpace(code) || !code.StartsWith(SecretTokens.InvitationPrefix, StringComparison.Ordinal) || code.Length > 100)
        {
            return Result<OpenInvitation>.NotFound(unknown);
        }

        var hash = SecretHash.Compute(code);
        var found = await (
            from i in db.Invitations
            join a in db.Accounts on i.AccountId equals a.Id
            join o in db.Organizations on a.OrganizationId equals o.Id
            where i.CodeHash == hash
            select new { invitation = i, account = a, OrganizationName = o.Name }).SingleOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return Result<OpenInvitation>.NotFound(unknown);
        }

        var (invitation, account) = (found.invitation, found.account);
        if (invitation.AcceptedAt is not null || account.PasswordHash is not null)
        {
            return Result<OpenInvitation>.Gone("This invitation has already been used. Sign in with your email and password.");
        }

        if (!invitation.IsOpen(clock.GetUtcNow()) || account.Deleted || account.Status != AccountStatus.Active || account.Email != invitation.Email)
        {
            return Result<OpenInvitation>.Gone("This invitation has expired or was withdrawn. Ask your organization's admin for a new one.");
        }

        return Result<OpenInvitation>.Ok(new OpenInvitation(invitation, account, new InvitationView(invitation.Email, found.OrganizationName, invitation.ExpiresAt)));
    }

    private string CodeFor(Invitation invitation)
    {
        if (_codes.Remove(invitation.Id, out var code) && SecretHash.Compute(code).AsSpan().SequenceEqual(invitation.CodeHash))
        {
            return code;
        }

        code = SecretTokens.Generate(SecretTokens.InvitationPrefix);
        invitation.CodeHash = SecretHash.Compute(code);
        return code;
    }

    private static Result<T> Convert<T>(Result<OpenInvitation> failed) => new(failed.Kind, default, failed.Field, failed.Error);
}
