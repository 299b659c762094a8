using Microsoft.EntityFrameworkCore;

namespace Workteam.Directory.Data;

public static class DirectoryTransactions
{
    /// <summary>
    /// Runs <paramref name="work"/> and saves what it added in one transaction, the whole of it retried by the
    /// execution strategy when the database fails on the way.
    /// </summary>
    public static Task InTransactionAsync(this DirectoryDbContext db, Func<CancellationToken, Task> work, CancellationToken cancellationToken) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await work(cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        });
}
