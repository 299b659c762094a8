using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Npgsql;
using Workteam.AppHost.Infrastructure;

namespace Workteam.Benchmarks.Load;

/// <summary>
/// What PostgreSQL itself does with ScimApi's write transaction (a user row and an outbox row, committed
/// together): pgbench at the same concurrency against copies of the two tables with the same indexes and the same
/// notify trigger, in the same database, so that nothing ScimApi relays is touched.
/// </summary>
public static partial class RawLimit
{
    private const string Schema = "rawlimit";

    public static async Task<LoadResult> RunAsync(string connectionString, TimeSpan duration, int concurrency)
    {
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var setup = new NpgsqlCommand($"""
                DROP SCHEMA IF EXISTS {Schema} CASCADE;
                CREATE SCHEMA {Schema};
                CREATE TABLE {Schema}.scim_users (LIKE public.scim_users INCLUDING ALL);
                CREATE TABLE {Schema}.outbox_messages (LIKE public.outbox_messages INCLUDING ALL);
                CREATE FUNCTION {Schema}.notify() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN PERFORM pg_notify('{Schema}_outbox', ''); RETURN NULL; END $$;
                CREATE TRIGGER notify AFTER INSERT ON {Schema}.outbox_messages FOR EACH STATEMENT EXECUTE FUNCTION {Schema}.notify();
                {Documents()}
                """, connection);
            await setup.ExecuteNonQueryAsync();
        }

        var workDirectory = Directory.CreateTempSubdirectory("workteam-pgbench-").FullName;
        try
        {
            var script = Path.Combine(workDirectory, "transaction.sql");
            await File.WriteAllTextAsync(script, Transaction);
            var output = await PgbenchAsync(connectionString, script, workDirectory, duration, concurrency);
            var latencies = TransactionLatencies(workDirectory).Order().ToArray();
            var tps = double.Parse(TpsLine().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
            var failed = FailedLine().Match(output) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
            return new LoadResult("pgbench: user row + outbox row", latencies.Length, failed, tps,
                LoadRun.Percentile(latencies, 0.50), LoadRun.Percentile(latencies, 0.99));
        }
        finally
        {
            Directory.Delete(workDirectory, recursive: true);
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP SCHEMA {Schema} CASCADE", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }

    /// <summary>
    /// The rows a typical Entra-created user makes in ScimApi, of the same size. The JSON documents come from
    /// functions because pgbench reads every <c>:name</c> in a script as a variable.
    /// </summary>
    private static string Documents()
    {
        const string resource = """{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],"userName":"raw@bench.test","externalId":"raw","active":true,"displayName":"Raw Limit","name":{"givenName":"Raw","familyName":"Limit","formatted":"Raw Limit"},"title":"Engineer","preferredLanguage":"en-US","emails":[{"type":"work","primary":true,"value":"raw@bench.test"}],"phoneNumbers":[{"type":"work","value":"+1 555 0100"}],"addresses":[{"type":"work","streetAddress":"1 Main St","locality":"Springfield","postalCode":"12345","country":"US"}],"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Engineering","employeeNumber":"1001"}}""";
        const string payload = """{"organizationId":"00000000-0000-0000-0000-000000000001","resourceId":"00000000-0000-0000-0000-000000000002","version":1,"profile":{"userName":"raw@bench.test","externalId":"raw","active":true,"displayName":"Raw Limit","givenName":"Raw","familyName":"Limit","title":"Engineer","department":"Engineering","emails":[{"value":"raw@bench.test","type":"work","primary":true}],"roles":[]}}""";
        return $"""
            CREATE FUNCTION {Schema}.resource() RETURNS jsonb IMMUTABLE LANGUAGE sql AS $$ SELECT '{resource}'::jsonb $$;
            CREATE FUNCTION {Schema}.payload() RETURNS jsonb IMMUTABLE LANGUAGE sql AS $$ SELECT '{payload}'::jsonb $$;
            """;
    }

    // n is drawn from 2^53 values: from 2^31, two of a client's tens of thousands of rows shared a userName now and then.
    private const string Transaction = $"""
        \set n random(1, 9000000000000000)
        BEGIN;
        INSERT INTO {Schema}.scim_users (id, organization_id, user_name, external_id, active, manager_id, email_values, resource, version, created_at, last_modified_at)
          VALUES (gen_random_uuid(), '00000000-0000-0000-0000-000000000001', 'raw-' || :client_id || '-' || :n || '@bench.test', 'raw-' || :n, true, NULL, ARRAY['raw-' || :client_id || '-' || :n || '@bench.test'], {Schema}.resource(), 1, now(), now());
        INSERT INTO {Schema}.outbox_messages (message_id, message_type, payload, created_at)
          VALUES (gen_random_uuid(), 'Workteam.Contracts.Provisioning.UserProvisioned', {Schema}.payload(), now());
        COMMIT;
        """;

    private static async Task<string> PgbenchAsync(string connectionString, string script, string workDirectory, TimeSpan duration, int concurrency)
    {
        var connection = new NpgsqlConnectionStringBuilder(connectionString);
        var pgbench = Path.Combine(LocalPrerequisites.FindPostgresBin(new ConfigurationBuilder().Build()), "pgbench");
        var start = new ProcessStartInfo(pgbench)
        {
            WorkingDirectory = workDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["PGPASSWORD"] = connection.Password },
        };
        foreach (var argument in new[]
        {
            "-h", connection.Host!, "-p", connection.Port.ToString(CultureInfo.InvariantCulture), "-U", connection.Username!,
            "-n", "-M", "prepared", "-c", concurrency.ToString(CultureInfo.InvariantCulture),
            "-j", Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture),
            "-T", ((int)duration.TotalSeconds).ToString(CultureInfo.InvariantCulture),
            "-l", "--log-prefix", Path.Combine(workDirectory, "latency"), "-f", script, connection.Database!,
        })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{pgbench} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"pgbench failed ({process.ExitCode}): {await error}");
        }

        return await output;
    }

    /// <summary>pgbench's per-transaction log: the third field is the transaction's latency in microseconds.</summary>
    private static IEnumerable<double> TransactionLatencies(string workDirectory) =>
        Directory.EnumerateFiles(workDirectory, "latency.*")
            .SelectMany(File.ReadLines)
            .Select(line => line.Split(' '))
            .Where(fields => fields.Length > 2)
            .Select(fields => double.Parse(fields[2], CultureInfo.InvariantCulture) / 1000);

    [GeneratedRegex(@"tps = ([0-9.]+) \(without initial connection time\)")]
    private static partial Regex TpsLine();

    [GeneratedRegex(@"number of failed transactions: (\d+)")]
    private static partial Regex FailedLine();
}
