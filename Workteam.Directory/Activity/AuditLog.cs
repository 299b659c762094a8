using Microsoft.EntityFrameworkCore;
using Workteam.Directory.Data;

namespace Workteam.Directory.Activity;

/// <summary>Who did something: an account of the organization, or Entra (through provisioning).</summary>
public sealed record AuditActor(Guid? AccountId, string Label)
{
    public static readonly AuditActor Entra = new(null, "Entra");

    public static AuditActor Of(Account account) => new(account.Id, account.Label);
}

/// <summary>
/// Adds audit entries to the DbContext, so they commit with the change they record (the caller saves). Who and
/// what are copied as they read now: the log says what happened even after the account or token is gone.
/// </summary>
public sealed class AuditLog(DirectoryDbContext db, TimeProvider clock)
{
    public void Add(Guid organizationId, AuditActor actor, string action, string? target, string? detail = null, Guid? targetAccountId = null) =>
        db.AuditLog.Add(new AuditEntry
        {
            Id = Guid.CreateVersion7(),
            OrganizationId = organizationId,
            At = clock.GetUtcNow(),
            ActorAccountId = actor.AccountId,
            Actor = actor.Label,
            Action = action,
            Target = target,
            TargetAccountId = targetAccountId,
            Detail = detail,
        });

    /// <summary>The acting account, as entries name it.</summary>
    public async Task<AuditActor> ActorAsync(Guid accountId, CancellationToken cancellationToken) =>
        await db.Accounts.AsNoTracking().Where(a => a.Id == accountId)
            .Select(a => new AuditActor(a.Id, a.Email ?? a.UserName ?? "(an account)")).SingleOrDefaultAsync(cancellationToken)
        ?? new AuditActor(accountId, "(a deleted account)");
}
