using Microsoft.EntityFrameworkCore;
using Workteam.Directory.Data;

namespace Workteam.Directory.Accounts;

/// <summary>
/// The seats an organization uses: one per active account. A member Entra deactivates (suspended) or deletes
/// releases theirs at once; a reactivated member takes one again. Counted from the status index alone
/// (<c>ix_accounts_status</c>), without reading the accounts.
/// </summary>
public sealed class Seats(DirectoryDbContext db)
{
    public Task<int> InUseAsync(Guid organizationId, CancellationToken cancellationToken) => Taken(organizationId).CountAsync(cancellationToken);

    /// <summary>The accounts that take a seat.</summary>
    public IQueryable<Account> Taken(Guid organizationId) =>
        db.Accounts.AsNoTracking().Where(a => a.OrganizationId == organizationId && !a.Deleted && a.Status == AccountStatus.Active);
}
