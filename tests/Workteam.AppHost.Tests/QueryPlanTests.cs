using Microsoft.EntityFrameworkCore;
using Npgsql;
using Workteam.Directory.Activity;
using Workteam.Directory.Data;
using Workteam.Directory.Members;

namespace Workteam.AppHost.Tests;

/// <summary>
/// The statements the activity, members and teams lists run use their indexes, also under the generic plans that
/// auto-prepared statements get: EXPLAIN of the very commands Directory sends, over an organization with thousands
/// of rows and fresh statistics.
/// </summary>
[Collection(SharedAppHostCollection.Name)]
public sealed class QueryPlanTests(SharedAppHost shared)
{
    private const int Rows = 20_000;

    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Activity_pages_failures_and_subject_searches_are_index_ranges()
    {
        var organization = await SeedAsync();
        await using var db = await DirectoryAsync();
        var queries = new ActivityQueries(db);
        var cursor = new KeysetCursor(DateTimeOffset.UtcNow.AddDays(-10), Guid.NewGuid());
        var plans = new Dictionary<string, string>
        {
            ["first page"] = await PlanAsync(db, queries.Query(organization, Page(), failuresOnly: false)),
            ["later page"] = await PlanAsync(db, queries.Query(organization, Page() with { After = cursor }, failuresOnly: false)),
            ["failures"] = await PlanAsync(db, queries.Query(organization, Page(), failuresOnly: true)),
            ["subject"] = await PlanAsync(db, queries.Query(organization, Page() with { Query = "seeded42" }, failuresOnly: false)),
            ["scim id"] = await PlanAsync(db, queries.Query(organization, Page() with { Query = Guid.NewGuid().ToString() }, failuresOnly: false)),
        };

        // Pages read an index in the page's order (which one is the planner's choice: here the organization holds
        // nearly every row); searches by subject and SCIM id use theirs. Nothing reads the table whole.
        foreach (var (name, plan) in plans)
        {
            Assert.False(plan.Contains("Seq Scan", StringComparison.Ordinal), $"{name}:\n{plan}");
            Assert.Matches(@"Index (Only )?Scan( Backward)? using ix_provisioning_activity_\w+ on provisioning_activity", plan);
        }

        Assert.Contains("ix_provisioning_activity_subject", plans["subject"]);
        Assert.Contains("ix_provisioning_activity_resource", plans["scim id"]);
    }

    [Fact]
    public async Task Member_and_team_lists_searches_and_filters_are_index_ranges()
    {
        var organization = await SeedAsync();
        await using var db = await DirectoryAsync();
        var members = new MemberQueries(db);
        var teams = new TeamQueries(db);
        var after = new NameCursor("seeded 5000", Guid.NewGuid());
        var cases = new Dictionary<string, (MemberFilter Filter, NameCursor? After)>
        {
            ["first page"] = (new MemberFilter(), null),
            ["later page"] = (new MemberFilter(), after),
            ["search"] = (new MemberFilter(Query: "seeded 42"), null),
            ["status"] = (new MemberFilter(Status: AccountStatus.Suspended), null),
            ["role"] = (new MemberFilter(Role: AccountRole.Admin), null),
            ["managed"] = (new MemberFilter(Managed: true), null),
            ["team"] = (new MemberFilter(TeamId: Guid.NewGuid()), null),
        };
        foreach (var (name, (filter, cursor)) in cases)
        {
            var (count, page) = members.Queries(organization, filter, 50, cursor);
            foreach (var plan in new[] { await PlanAsync(db, count.Select(a => a.Id)), await PlanAsync(db, page) })
            {
                Assert.False(plan.Contains("Seq Scan on accounts", StringComparison.Ordinal), $"{name}:\n{plan}");
            }
        }

        var search = await PlanAsync(db, members.Queries(organization, new MemberFilter(Query: "seeded 42"), 50, null).Page);
        Assert.Contains("ix_accounts_display_name_key", search);
        Assert.Contains("ix_accounts_sort", await PlanAsync(db, members.Queries(organization, new MemberFilter(), 50, after).Page));
        Assert.DoesNotContain("Seq Scan on teams", await PlanAsync(db, teams.ListQuery(organization, "seeded", 50, null)));
    }

    private static PageRequest Page() => new(PageRequest.DefaultLimit, null, null, null, null);

    /// <summary>The generic plan of the command EF sends for <paramref name="query"/>, with its parameters.</summary>
    private static async Task<string> PlanAsync<T>(DirectoryDbContext db, IQueryable<T> query)
    {
        await using var command = (NpgsqlCommand)query.CreateDbCommand();
        command.CommandText = "EXPLAIN " + command.CommandText;
        await db.Database.OpenConnectionAsync(CancellationToken);
        await db.Database.ExecuteSqlRawAsync("SET plan_cache_mode = force_generic_plan", CancellationToken);
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(CancellationToken);
        while (await reader.ReadAsync(CancellationToken))
        {
            lines.Add(reader.GetString(0));
        }

        return string.Join('\n', lines);
    }

    private async Task<DirectoryDbContext> DirectoryAsync()
    {
        var options = new DbContextOptionsBuilder<DirectoryDbContext>()
            .UseNpgsql(await shared.Host.ConnectionStringAsync("directorydb"))
            .UseSnakeCaseNamingConvention()
            .Options;
        return new DirectoryDbContext(options);
    }

    /// <summary>A new organization with thousands of activity rows and accounts, and fresh statistics.</summary>
    private async Task<Guid> SeedAsync()
    {
        using var gateway = shared.Host.CreateGatewayClient();
        var organization = (await new AdminApi(gateway).SignUpAsync(CancellationToken)).OrganizationId;
        await using var connection = new NpgsqlConnection(await shared.Host.ConnectionStringAsync("directorydb"));
        await connection.OpenAsync(CancellationToken);
        await using var seed = new NpgsqlCommand("""
            INSERT INTO provisioning_activity (id, organization_id, at, operation, resource_type, scim_id, subject, status, outcome, source, recorded_at)
            SELECT gen_random_uuid(), @organization, now() - (i * interval '30 days' / @rows), 'Create user', 'User', gen_random_uuid(),
                   'seeded' || i || '@contoso.test', CASE WHEN i % 20 = 0 THEN 409 ELSE 201 END,
                   CASE WHEN i % 20 = 0 THEN 'Refused' ELSE 'Applied' END, 'Event', now()
            FROM generate_series(1, @rows) AS i;
            INSERT INTO accounts (id, organization_id, email, normalized_email, role, entra_active, failed_sign_in_count, created_at, scim_user_id,
                                  scim_version, user_name, display_name, deleted)
            SELECT gen_random_uuid(), @organization, 'seeded' || i || '@contoso.test', upper('seeded' || i || '@contoso.test'),
                   CASE WHEN i % 500 = 0 THEN 'Admin' ELSE 'Member' END, i % 50 <> 0,
                   0, now(), gen_random_uuid(), 1, 'seeded' || i || '@contoso.test', 'Seeded ' || i, false
            FROM generate_series(1, @rows) AS i;
            ANALYZE provisioning_activity;
            ANALYZE accounts;
            """, connection);
        seed.Parameters.AddWithValue("organization", organization);
        seed.Parameters.AddWithValue("rows", Rows);
        await seed.ExecuteNonQueryAsync(CancellationToken);
        return organization;
    }
}
