using System.Net.Sockets;
using MassTransit;
using Npgsql;
using RabbitMQ.Client.Exceptions;

namespace Workteam.Directory.Provisioning;

/// <summary>
/// Tells a failure that goes away by itself (the database or the broker unreachable, restarting or overloaded; a
/// deadlock or serialization conflict) from one that will fail the same way however often it is tried (a bug, bad
/// data). Wrappers such as the retrying execution strategy's <c>RetryLimitExceededException</c> or a
/// <c>DbUpdateException</c> are judged by what they wrap.
/// </summary>
public static class TransientFailures
{
    public static bool IsTransient(Exception? exception) => exception switch
    {
        null => false,
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsTransient),
        PostgresException postgres => IsTransient(postgres),
        // Everything else Npgsql raises itself is about the connection: refused, broken, timed out.
        NpgsqlException => true,
        TimeoutException or SocketException or IOException => true,
        ConnectionException or BrokerUnreachableException or OperationInterruptedException => true,
        _ => IsTransient(exception.InnerException),
    };

    /// <summary>
    /// What Npgsql calls transient (among them a database that does not accept connections at the moment), plus
    /// the server refusing or dropping the connection: classes 08 (connection exception) and 57 (operator
    /// intervention: shut down, crashed, cancelled).
    /// </summary>
    private static bool IsTransient(PostgresException postgres) =>
        postgres.IsTransient
        || postgres.SqlState.StartsWith("08", StringComparison.Ordinal)
        || postgres.SqlState.StartsWith("57", StringComparison.Ordinal);
}
