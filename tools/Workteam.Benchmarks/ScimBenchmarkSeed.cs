using Npgsql;

namespace Workteam.Benchmarks;

/// <summary>
/// Fills one organization with users and one group with members straight in PostgreSQL, in the shape ScimApi
/// stores them: creating a million users over HTTP would take longer than the benchmark itself.
/// </summary>
public sealed class ScimBenchmarkSeed(string connectionString, Guid organizationId)
{
    public static string UserName(long index) => $"seed-{index}@bench.test";

    /// <summary>Adds users number <paramref name="from"/> to <paramref name="to"/> (inclusive), then refreshes statistics.</summary>
    public async Task AddUsersAsync(long from, long to)
    {
        const int Batch = 100_000;
        for (var start = from; start <= to; start += Batch)
        {
            await ExecuteAsync("""
                INSERT INTO scim_users (id, organization_id, user_name, external_id, active, manager_id, email_values, resource, version, created_at, last_modified_at)
                SELECT gen_random_uuid(), @org, 'seed-' || i || '@bench.test', 'ext-' || i, true, NULL, ARRAY['seed-' || i || '@bench.test'],
                       jsonb_build_object('userName', 'seed-' || i || '@bench.test', 'externalId', 'ext-' || i, 'active', true,
                                          'displayName', 'Seed ' || i, 'name', jsonb_build_object('givenName', 'Seed', 'familyName', i::text),
                                          'emails', jsonb_build_array(jsonb_build_object('value', 'seed-' || i || '@bench.test', 'type', 'work', 'primary', true))),
                       1, now(), now()
                FROM generate_series(@from, @to) AS i
                """, ("org", organizationId), ("from", start), ("to", Math.Min(to, start + Batch - 1)));
        }

        await ExecuteAsync("ANALYZE scim_users");
    }

    /// <summary>Makes the first <paramref name="count"/> seeded users members of the group.</summary>
    public Task AddMembersAsync(Guid groupId, long count) =>
        ExecuteAsync("""
            INSERT INTO scim_group_members (group_id, user_id, organization_id)
            SELECT @group, id, @org FROM scim_users WHERE organization_id = @org AND user_name LIKE 'seed-%' ORDER BY id LIMIT @count;
            ANALYZE scim_group_members;
            """, ("group", groupId), ("org", organizationId), ("count", count));

    /// <summary>Seeded users who are not members of the group, for adding one at a time.</summary>
    public async Task<List<Guid>> NonMembersAsync(Guid groupId, int count)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT u.id FROM scim_users u WHERE u.organization_id = @org
            AND NOT EXISTS (SELECT 1 FROM scim_group_members m WHERE m.group_id = @group AND m.user_id = u.id) LIMIT @count
            """, connection);
        command.Parameters.AddWithValue("org", organizationId);
        command.Parameters.AddWithValue("group", groupId);
        command.Parameters.AddWithValue("count", count);
        var ids = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }

    private async Task ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync();
    }
}
