using Microsoft.EntityFrameworkCore;
using Workteam.Directory.Data;

namespace Workteam.Directory.Accounts;

/// <summary>
/// The seats an organization uses: one per active account. A member Entra deactivates (suspended) or deletes
/// releases theirs at once; a reactivated member takes one again.
/// </summary>
public sealed class Seats(DirectoryDbContext db)
{
    public Task<int> InUseAsync(Guid organizationId, CancellationToken cancellationToken) =>
        db.Accounts.CountAsync(a => a.OrganizationId == organizationId && !a.Deleted && a.Status == AccountStatus.Active, cancellationToken);

}
