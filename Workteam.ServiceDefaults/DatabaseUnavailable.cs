using Npgsql;

namespace Workteam.ServiceDefaults;

/// <summary>
/// Tells a failure of the database itself from one of the request: PostgreSQL unreachable, shutting down or starting
/// up, out of disk, memory or connections, failing to read or write its files, or refusing writes. Such a request
/// is answered 503 with Retry-After (ScimApi's a SCIM error, which Entra retries; Directory's problem details or a
/// page); nothing about the request itself was wrong. Wrappers (EF's
/// <c>DbUpdateException</c>, <c>RetryLimitExceededException</c> and transient-failure <c>InvalidOperationException</c>)
/// are judged by what they wrap.
/// </summary>
public static class DatabaseUnavailable
{
    public static bool IsCause(Exception? exception) => exception switch
    {
        null => false,
        PostgresException postgres => IsUnavailable(postgres.SqlState),
        // Everything else Npgsql raises itself is about the connection: refused, broken, timed out, pool exhausted.
        NpgsqlException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsCause),
        _ => IsCause(exception.InnerException),
    };

    /// <summary>The SQLSTATEs (PostgreSQL's appendix A) of a server that cannot serve now, whatever the request.</summary>
    public static bool IsUnavailable(string sqlState) =>
        sqlState.StartsWith("08", StringComparison.Ordinal) // connection exception
        || sqlState.StartsWith("53", StringComparison.Ordinal) // insufficient resources: disk full, out of memory, too many connections
        || sqlState.StartsWith("58", StringComparison.Ordinal) // system error: I/O error, a file that cannot be read or written
        || sqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow
        // A read-only server: a standby after a failover, or one told to refuse writes.
        || sqlState == PostgresErrorCodes.ReadOnlySqlTransaction
        // The database closed to connections (ALLOW_CONNECTIONS false); neither service raises it otherwise.
        || sqlState == PostgresErrorCodes.ObjectNotInPrerequisiteState;
}
