using System.Text.RegularExpressions;
using Npgsql;
using Workteam.ScimApi.Data.Queries;
using Workteam.ScimApi.Resources;

namespace Workteam.AppHost.Tests;

/// <summary>
/// SCIM list pages read what they list and nothing more: the statements ScimApi sends, run with EXPLAIN ANALYZE over
/// an organization of 1,000 users who all have a manager and one of 10 groups.
/// </summary>
[Collection(SharedAppHostCollection.Name)]
public sealed partial class ScimListPlanTests(SharedAppHost shared)
{
    private const int Users = 1_000;
    private const int PageSize = 200;

    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_later_users_page_computes_its_representations_for_the_page_rows_only()
    {
        var organization = Guid.NewGuid();
        await using var connection = await SeededAsync(organization);

        var request = new ListRequest(null, null, null, StartIndex: Users - PageSize + 1, Count: PageSize);
        var statement = UserQueries.PageStatement(organization, request, withGroups: true);
        var plan = await ExplainAnalyzeAsync(connection, statement);

        // Every node of the plan ran at most once per listed user; before, the manager and group sub-selects ran for
        // each of the 800 rows OFFSET skips as well.
        var loops = Loops().Matches(plan).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.NotEmpty(loops);
        Assert.True(loops.Max() <= PageSize, plan);
        Assert.Contains("SubPlan", plan);

        // And the page is the right one: the last 200 users in creation order, in that order.
        var listed = await ReadIdsAsync(connection, statement);
        var expected = await ReadIdsAsync(connection, new(
            "SELECT id FROM scim_users WHERE organization_id = @o ORDER BY created_at, id OFFSET @skip",
            [new NpgsqlParameter("o", organization), new NpgsqlParameter("skip", Users - PageSize)]));
        Assert.Equal(expected, listed);
    }

    [Fact]
    public async Task A_page_of_groups_reads_each_members_name_by_its_id_however_many_users_there_are()
    {
        var organization = Guid.NewGuid();
        await using var connection = await SeededAsync(organization);
        var groups = (await ReadIdsAsync(connection, new(
            "SELECT id FROM scim_groups WHERE organization_id = @o ORDER BY id", [new NpgsqlParameter("o", organization)]))).ToArray();

        var statement = GroupQueries.MembersStatement(groups);
        var plan = await ExplainAnalyzeAsync(connection, statement);

        // As a join, the 1,000 members' names hashed the users of every organization in the database.
        Assert.DoesNotContain("Seq Scan on scim_users", plan);
        Assert.Contains("Index Scan using pk_scim_users on scim_users", plan);
        var members = await ReadColumnAsync<Guid>(connection, statement, column: 1);
        var expected = await ReadIdsAsync(connection, new(
            "SELECT user_id FROM scim_group_members WHERE organization_id = @o ORDER BY group_id, user_id", [new NpgsqlParameter("o", organization)]));
        Assert.Equal(Users, members.Count);
        Assert.Equal(expected, members);
    }

    /// <summary>A connection to ScimApi's database, in which <paramref name="organization"/> now has its users and groups.</summary>
    private async Task<NpgsqlConnection> SeededAsync(Guid organization)
    {
        var connection = new NpgsqlConnection(await shared.Host.ConnectionStringAsync("scimdb"));
        await connection.OpenAsync(CancellationToken);
        await SeedAsync(connection, organization);
        return connection;
    }

    private static async Task SeedAsync(NpgsqlConnection connection, Guid organization)
    {
        await using var seed = new NpgsqlCommand("""
            INSERT INTO scim_users (id, organization_id, user_name, active, email_values, resource, version, created_at, last_modified_at)
            SELECT gen_random_uuid(), @o, 'plan' || i || '@contoso.test', true, ARRAY['plan' || i || '@contoso.test'],
                   jsonb_build_object('userName', 'plan' || i || '@contoso.test', 'displayName', 'Plan ' || i, 'active', true),
                   1, now() - (@users - i) * interval '1 second', now()
            FROM generate_series(1, @users) AS i;
            UPDATE scim_users u SET manager_id = m.id
            FROM scim_users m WHERE u.organization_id = @o AND m.organization_id = @o AND m.user_name = 'plan1@contoso.test';
            INSERT INTO scim_groups (id, organization_id, display_name, version, created_at, last_modified_at)
            SELECT gen_random_uuid(), @o, 'Plan group ' || g, 1, now(), now() FROM generate_series(1, 10) AS g;
            INSERT INTO scim_group_members (group_id, user_id, organization_id)
            SELECT g.id, u.id, @o FROM scim_users u
            JOIN scim_groups g ON g.organization_id = @o AND g.display_name = 'Plan group ' || (1 + abs(hashtext(u.user_name)) % 10)
            WHERE u.organization_id = @o;
            ANALYZE scim_users; ANALYZE scim_groups; ANALYZE scim_group_members;
            """, connection);
        seed.Parameters.AddWithValue("o", organization);
        seed.Parameters.AddWithValue("users", Users);
        await seed.ExecuteNonQueryAsync(CancellationToken);
    }

    private static async Task<string> ExplainAnalyzeAsync(NpgsqlConnection connection, SqlStatement statement) =>
        string.Join('\n', await ReadColumnAsync<string>(connection, statement with { Sql = "EXPLAIN (ANALYZE, TIMING OFF) " + statement.Sql }));

    private static Task<List<Guid>> ReadIdsAsync(NpgsqlConnection connection, SqlStatement statement) =>
        ReadColumnAsync<Guid>(connection, statement);

    private static async Task<List<T>> ReadColumnAsync<T>(NpgsqlConnection connection, SqlStatement statement, int column = 0)
    {
        await using var command = new NpgsqlCommand(statement.Sql, connection);
        command.Parameters.AddRange(statement.Parameters.Select(p => p.Clone()).ToArray());
        var values = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(CancellationToken);
        while (await reader.ReadAsync(CancellationToken))
        {
            values.Add(reader.GetFieldValue<T>(column));
        }

        return values;
    }

    [GeneratedRegex(@"loops=(\d+)\)")]
    private static partial Regex Loops();
}
