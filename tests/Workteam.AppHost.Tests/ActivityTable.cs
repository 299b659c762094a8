using Npgsql;

namespace Workteam.AppHost.Tests;

/// <summary>A row of Directory's <c>provisioning_activity</c> table.</summary>
public sealed record ActivityRow(
    Guid Id, DateTimeOffset At, string Operation, string? ResourceType, Guid? ScimId, int Status, string? Detail, string Outcome, string Source, string? TraceId);

/// <summary>Reads an organization's provisioning activity straight from Directory's database.</summary>
public static class ActivityTable
{
    public static async Task<List<ActivityRow>> RowsAsync(RunningAppHost host, Guid organizationId, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(await host.ConnectionStringAsync("directorydb"));
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            SELECT id, at, operation, resource_type, scim_id, status, detail, outcome, source, trace_id
            FROM provisioning_activity WHERE organization_id = @organization ORDER BY at, id
            """, connection);
        command.Parameters.AddWithValue("organization", organizationId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<ActivityRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new ActivityRow(
                reader.GetGuid(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetGuid(4), reader.GetInt32(5), reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.GetString(7), reader.GetString(8), reader.IsDBNull(9) ? null : reader.GetString(9)));
        }

        return rows;
    }

    /// <summary>Waits until the organization's rows that <paramref name="match"/> number at least <paramref name="count"/>.</summary>
    public static async Task<List<ActivityRow>> WaitForAsync(
        RunningAppHost host, Guid organizationId, Func<ActivityRow, bool> match, int count, CancellationToken cancellationToken)
    {
        var rows = new List<ActivityRow>();
        await Wait.UntilAsync(async () => (rows = (await RowsAsync(host, organizationId, cancellationToken)).Where(match).ToList()).Count >= count,
            $"{count} matching provisioning activity rows of organization {organizationId}", TimeSpan.FromSeconds(30), cancellationToken);
        return rows;
    }

    /// <summary>The organization of a SCIM URL (<c>…/scim/v2/{organizationId}/…</c>).</summary>
    public static Guid OrganizationOf(string scimUrl)
    {
        var segments = new Uri(new Uri("http://localhost"), scimUrl).AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return Guid.Parse(segments[Array.IndexOf(segments, "v2") + 1]);
    }
}
