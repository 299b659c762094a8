using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Workteam.Directory.Provisioning;

namespace Workteam.Directory.Tests;

public sealed class TransientFailuresTests
{
    public static TheoryData<string, Exception> Transient => new()
    {
        { "connection refused", new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused)) },
        { "broken connection", new NpgsqlException("Exception while reading from stream", new EndOfStreamException()) },
        { "command timeout", new NpgsqlException("Exception while reading from stream", new TimeoutException()) },
        { "database not accepting connections", Postgres("55000") },
        { "too many connections", Postgres("53300") },
        { "terminated by an administrator", Postgres("57P01") },
        { "database starting up", Postgres("57P03") },
        { "serialization failure", Postgres("40001") },
        { "deadlock", Postgres("40P01") },
        { "retries of the execution strategy used up", new RetryLimitExceededException("Maximum number of retries (6) exceeded", Postgres("57P01")) },
        { "a save that lost its connection", new DbUpdateException("An error occurred while saving", new NpgsqlException("Failed", new IOException())) },
        { "EF's transient wrapper", new InvalidOperationException("An exception has been raised that is likely due to a transient failure.", Postgres("08006")) },
        { "one of several", new AggregateException(new InvalidOperationException("bug"), new TimeoutException()) },
        { "broker unreachable", new RabbitMQ.Client.Exceptions.BrokerUnreachableException(new IOException()) },
    };

    public static TheoryData<string, Exception> Permanent => new()
    {
        { "unique violation", Postgres("23505") },
        { "foreign key violation inside a save", new DbUpdateException("An error occurred while saving", Postgres("23503")) },
        { "missing table", Postgres("42P01") },
        { "value too long", Postgres("22001") },
        { "a bug", new InvalidOperationException("Sequence contains no elements") },
        { "a null", new NullReferenceException() },
        { "retries used up on a bug", new RetryLimitExceededException("Maximum number of retries (6) exceeded", new ArgumentException("bad")) },
    };

    [Theory]
    [MemberData(nameof(Transient))]
    public void Outages_and_conflicts_are_transient(string what, Exception exception) =>
        Assert.True(TransientFailures.IsTransient(exception), what);

    [Theory]
    [MemberData(nameof(Permanent))]
    public void Failures_that_repeat_are_not(string what, Exception exception) =>
        Assert.False(TransientFailures.IsTransient(exception), what);

    private static PostgresException Postgres(string sqlState) => new("failure", "FATAL", "FATAL", sqlState);
}
