using Workteam.ServiceDefaults;
using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Workteam.ScimApi.Data;

namespace Workteam.ScimApi.Tests;

/// <summary>Which failures are the database's (answered 503 with Retry-After) and which are the request's.</summary>
public sealed class DatabaseUnavailableTests
{
    public static TheoryData<string, Exception> Unavailable => new()
    {
        { "connection refused", new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused)) },
        { "broken connection", new NpgsqlException("Exception while reading from stream", new EndOfStreamException()) },
        { "connect timeout", new NpgsqlException("The operation has timed out", new TimeoutException()) },
        { "terminated by a shutdown", Postgres("57P01") },
        { "server crashed", Postgres("57P02") },
        { "shutting down or starting up", Postgres("57P03") },
        { "connection failure", Postgres("08006") },
        { "disk full", Postgres("53100") },
        { "too many connections", Postgres("53300") },
        { "I/O error", Postgres("58030") },
        { "read-only server", Postgres("25006") },
        { "database closed to connections", Postgres("55000") },
        { "a save that could not extend its table", new DbUpdateException("An error occurred while saving", Postgres("53100")) },
        { "retries of the execution strategy used up", new RetryLimitExceededException("Maximum number of retries (20) exceeded", Postgres("57P03")) },
        { "EF's transient wrapper", new InvalidOperationException("An exception has been raised that is likely due to a transient failure.", Postgres("08001")) },
        { "one of several", new AggregateException(new InvalidOperationException("bug"), new NpgsqlException("Failed", new IOException())) },
    };

    public static TheoryData<string, Exception> TheRequests => new()
    {
        { "unique violation", new DbUpdateException("An error occurred while saving", Postgres("23505")) },
        { "foreign key violation", Postgres("23503") },
        { "statement timeout", Postgres("57014") },
        { "serialization failure", Postgres("40001") },
        { "permission denied", Postgres("42501") },
        { "missing table", Postgres("42P01") },
        { "a bug", new InvalidOperationException("Sequence contains no elements") },
        { "the client went away", new IOException("The client reset the request stream.") },
        { "a timeout elsewhere", new TimeoutException() },
        { "retries used up on a bug", new RetryLimitExceededException("Maximum number of retries (20) exceeded", new ArgumentException("bad")) },
    };

    [Theory]
    [MemberData(nameof(Unavailable))]
    public void Failures_of_the_database_itself_are_unavailability(string what, Exception exception) =>
        Assert.True(DatabaseUnavailable.IsCause(exception), what);

    [Theory]
    [MemberData(nameof(TheRequests))]
    public void Failures_of_the_request_are_not(string what, Exception exception) =>
        Assert.False(DatabaseUnavailable.IsCause(exception), what);

    private static PostgresException Postgres(string sqlState) => new("failure", "ERROR", "ERROR", sqlState);
}
