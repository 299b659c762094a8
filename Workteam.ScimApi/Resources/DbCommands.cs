using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Workteam.ScimApi.Data;

namespace Workteam.ScimApi.Resources;

/// <summary>
/// Raw SQL on the DbContext's own connection and transaction, for the statements EF does not express well:
/// filtered listings with computed columns and set-based membership changes.
/// </summary>
internal static class DbCommands
{
    public static async Task<T> RunAsync<T>(
        this ScimDbContext db, string sql, IEnumerable<NpgsqlParameter> parameters, Func<NpgsqlCommand, Task<T>> run, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand(sql, (NpgsqlConnection)db.Database.GetDbConnection(), (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction());
            command.Parameters.AddRange(parameters.ToArray());
            return await run(command);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>Reads every row of the result with <paramref name="map"/>.</summary>
    public static Task<List<T>> QueryAsync<T>(
        this ScimDbContext db, string sql, IEnumerable<NpgsqlParameter> parameters, Func<DbDataReader, T> map, CancellationToken cancellationToken) =>
        db.RunAsync(sql, parameters, async command =>
        {
            var rows = new List<T>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(map(reader));
            }

            return rows;
        }, cancellationToken);

    public static Task<List<Guid>> QueryGuidsAsync(this ScimDbContext db, string sql, IEnumerable<NpgsqlParameter> parameters, CancellationToken cancellationToken) =>
        db.QueryAsync(sql, parameters, reader => reader.GetGuid(0), cancellationToken);

    public static Task<long> ScalarAsync(this ScimDbContext db, string sql, IEnumerable<NpgsqlParameter> parameters, CancellationToken cancellationToken) =>
        db.RunAsync(sql, parameters, async command => Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken)), cancellationToken);

    /// <summary>Runs <paramref name="work"/> in one transaction, retried as a whole on transient failures.</summary>
    public static Task<T> InTransactionAsync<T>(this ScimDbContext db, Func<Task<T>> work, CancellationToken cancellationToken) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var result = await work();
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return result;
        });

    public static string? GetNullableString(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
