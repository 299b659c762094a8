using System.Net;
using Npgsql;

namespace Workteam.AppHost.Tests;

/// <summary>
/// A new organization grows during its initial sync while the planner's statistics still describe the table as
/// it was before: lookups by id must still go by primary key, never through an organization index that reads
/// the whole organization (which made every request of a big initial sync cost as much as the organization).
/// </summary>
[Collection(SharedAppHostCollection.Name)]
public sealed class ScimLookupPlanTests(SharedAppHost shared)
{
    private const int OrganizationSize = 5000;
    private const string PatchOp = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    private readonly HttpClient _gateway = shared.Host.CreateGatewayClient();
    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Requests_by_id_in_an_organization_the_statistics_have_not_seen_read_no_organization_index()
    {
        await using var database = new NpgsqlConnection(await shared.Host.ConnectionStringAsync("scimdb"));
        await database.OpenAsync(CancellationToken);
        // An established tenant the statistics know, then a new one that grows after they were gathered.
        await SeedUsersAsync(database, Guid.NewGuid());
        await ExecuteAsync(database, "ANALYZE scim_users");
        var scim = await ScimClient.ForNewOrganizationAsync(_gateway, CancellationToken);
        await SeedUsersAsync(database, Guid.Parse(scim.BaseUrl[^36..]));

        var manager = await scim.CreateUserAsync(CancellationToken);
        var user = await scim.CreateUserAsync(CancellationToken);
        var group = await scim.CreateGroupAsync(CancellationToken);
        var before = await OrganizationIndexReadsAsync(database);

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await scim.GetAsync($"/Users/{user}", CancellationToken)).Status);
            Assert.Equal(HttpStatusCode.OK, (await scim.GetAsync($"/Groups/{group}?excludedAttributes=members", CancellationToken)).Status);
        }

        var patched = await scim.PatchAsync($"/Users/{user}",
            $$"""{"schemas":["{{PatchOp}}"],"Operations":[{"op":"replace","path":"title","value":"Engineer"},{"op":"add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":"{{manager}}"}]}""",
            CancellationToken);
        Assert.Equal(HttpStatusCode.OK, patched.Status);
        // Entra's reference check after setting a manager.
        var check = await scim.GetAsync($"/Users?filter=id eq \"{user}\" and manager eq \"{manager}\"", CancellationToken);
        Assert.Equal(1, check.Body.GetProperty("totalResults").GetInt32());
        Assert.Equal(HttpStatusCode.NoContent, (await scim.PatchAsync($"/Groups/{group}",
            $$"""{"schemas":["{{PatchOp}}"],"Operations":[{"op":"add","path":"members","value":[{"value":"{{user}}"},{"value":"{{manager}}"}]}]}""",
            CancellationToken)).Status);

        // Reading the organization through one of its indexes even once would read OrganizationSize entries.
        var read = await OrganizationIndexReadsAsync(database) - before;
        Assert.True(read < OrganizationSize / 5, $"The requests read {read} entries of organization indexes of scim_users.");
    }

    private static Task SeedUsersAsync(NpgsqlConnection database, Guid organizationId) =>
        ExecuteAsync(database, $"""
            INSERT INTO scim_users (id, organization_id, user_name, external_id, active, email_values, resource, version, created_at, last_modified_at)
            SELECT gen_random_uuid(), '{organizationId}', 'seeded-' || n || '@' || '{organizationId}', 'seeded-' || n, true, ARRAY[]::text[],
                   jsonb_build_object('userName', 'seeded-' || n || '@' || '{organizationId}', 'active', true), 1, now(), now()
            FROM generate_series(1, {OrganizationSize}) n
            """);

    /// <summary>
    /// Index entries read so far from the indexes of scim_users whose first column is organization_id. A backend
    /// reports what it read when it goes idle, or at the latest 10 s later, so this first waits out that delay.
    /// </summary>
    private static async Task<long> OrganizationIndexReadsAsync(NpgsqlConnection database)
    {
        await Task.Delay(TimeSpan.FromSeconds(11), CancellationToken);
        await using var command = new NpgsqlCommand("""
            SELECT coalesce(sum(s.idx_tup_read), 0)::bigint FROM pg_stat_user_indexes s
            JOIN pg_index i ON i.indexrelid = s.indexrelid
            JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
            WHERE s.relname = 'scim_users' AND a.attname = 'organization_id'
            """, database);
        return (long)(await command.ExecuteScalarAsync(CancellationToken))!;
    }

    private static async Task ExecuteAsync(NpgsqlConnection database, string sql)
    {
        await using var command = new NpgsqlCommand(sql, database);
        await command.ExecuteNonQueryAsync(CancellationToken);
    }
}
