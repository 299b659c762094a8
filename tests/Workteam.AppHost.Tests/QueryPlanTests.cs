using Microsoft.EntityFrameworkCore;
using Npgsql;
using Workteam.Directory.Accounts;
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
    public async Task Member_and_team_lists_searches_filters_and_counts_each_use_their_index()
    {
        var organization = await SeedAsync();
        await SeedTeamMembershipsElsewhereAsync();
        await using var db = await DirectoryAsync();
        var members = new MemberQueries(db);
        var teams = new TeamQueries(db);
        var after = new NameCursor("seeded 5000", Guid.NewGuid(), Rows);
        // Each list's page in its order from the index of its filter; the first page's count (the total) and the seats
        // in use from an index alone, never reading the accounts.
        var cases = new Dictionary<string, (MemberFilter Filter, NameCursor? After, string PageIndex, string? CountIndex)>
        {
            ["first page"] = (new MemberFilter(), null, "ix_accounts_sort", "ix_accounts_status"),
            ["later page"] = (new MemberFilter(), after, "ix_accounts_sort", null),
            ["search"] = (new MemberFilter(Query: "seeded 42"), null, "ix_accounts_display_name_key", "ix_accounts_display_name_key"),
            ["status"] = (new MemberFilter(Status: AccountStatus.Suspended), null, "ix_accounts_status", "ix_accounts_status"),
            // A status few members have: for one that almost all have (Active), walking the sort index and skipping the
            // rare others costs the same, and the planner may rightly pick either.
            ["status, later page"] = (new MemberFilter(Status: AccountStatus.Suspended), after, "ix_accounts_status", null),
            ["role"] = (new MemberFilter(Role: AccountRole.Admin), null, "ix_accounts_role", "ix_accounts_role"),
            ["managed"] = (new MemberFilter(Managed: true), null, "ix_accounts_managed", "ix_accounts_managed"),
            ["Workteam only"] = (new MemberFilter(Managed: false), null, "ix_accounts_workteam_only", "ix_accounts_workteam_only"),
            ["team"] = (new MemberFilter(TeamId: Guid.NewGuid()), null, "pk_team_memberships", "pk_team_memberships"),
        };
        foreach (var (name, (filter, cursor, pageIndex, countIndex)) in cases)
        {
            var (count, page) = members.Queries(organization, filter, 50, cursor);
            var pagePlan = await PlanAsync(db, page);
            Assert.False(pagePlan.Contains("Seq Scan on accounts", StringComparison.Ordinal), $"{name}:\n{pagePlan}");
            Assert.True(pagePlan.Contains(pageIndex, StringComparison.Ordinal), $"{name} does not use {pageIndex}:\n{pagePlan}");
            if (countIndex is not null)
            {
                var countPlan = await PlanAsync(db, count.Select(a => a.Id));
                Assert.False(countPlan.Contains("Seq Scan on accounts", StringComparison.Ordinal), $"{name} count:\n{countPlan}");
                Assert.True(countPlan.Contains(countIndex, StringComparison.Ordinal), $"{name} count does not use {countIndex}:\n{countPlan}");
            }
        }

        foreach (var (name, filter) in new Dictionary<string, MemberFilter> { ["count of all"] = new(), ["status count"] = new(Status: AccountStatus.Active) })
        {
            var plan = await PlanAsync(db, members.Queries(organization, filter, 50, null).Count.Select(a => a.Id));
            Assert.True(plan.Contains("Index Only Scan using ix_accounts_status on accounts", StringComparison.Ordinal), $"{name}:\n{plan}");
        }

        var seats = await PlanAsync(db, new Seats(db).Taken(organization).Select(a => a.Id));
        Assert.True(seats.Contains("Index Only Scan using ix_accounts_status on accounts", StringComparison.Ordinal), $"seats in use:\n{seats}");
        Assert.Contains("ix_teams_name", await PlanAsync(db, teams.ListQuery(organization, null, 50, null)));
        Assert.Contains("ix_teams_name", await PlanAsync(db, teams.ListQuery(organization, "seeded", 50, null)));
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

    /// <summary>A new organization with thousands of activity rows and accounts, fresh statistics and a vacuumed accounts table.</summary>
    private async Task<Guid> SeedAsync()
    {
        var organization = await SignUpAsync();
        await using var connection = await OpenDirectoryConnectionAsync();
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
            """, connection);
        seed.Parameters.AddWithValue("organization", organization);
        seed.Parameters.AddWithValue("rows", Rows);
        await seed.ExecuteNonQueryAsync(CancellationToken);
        // As autovacuum leaves a table after a bulk of inserts: all-visible pages, so that counts may read indexes alone.
        await using var vacuum = new NpgsqlCommand("VACUUM (ANALYZE) accounts", connection);
        await vacuum.ExecuteNonQueryAsync(CancellationToken);
        return organization;
    }

    /// <summary>
    /// Thousands of team memberships in another organization, with fresh statistics: in the shared app the table
    /// may otherwise hold a few rows, which the planner rightly reads whole instead of through an index.
    /// </summary>
    private async Task SeedTeamMembershipsElsewhereAsync()
    {
        var elsewhere = await SignUpAsync();
        await using var connection = await OpenDirectoryConnectionAsync();
        await using var seed = new NpgsqlCommand("""
            INSERT INTO teams (id, organization_id, scim_group_id, display_name, version, deleted, created_at)
            SELECT gen_random_uuid(), @organization, gen_random_uuid(), 'Team ' || t, 1, false, now() FROM generate_series(1, 100) AS t;
            INSERT INTO team_memberships (team_id, scim_user_id, present, version)
            SELECT t.id, gen_random_uuid(), true, 1 FROM teams t, generate_series(1, 200) WHERE t.organization_id = @organization;
            ANALYZE team_memberships;
            """, connection);
        seed.Parameters.AddWithValue("organization", elsewhere);
        await seed.ExecuteNonQueryAsync(CancellationToken);
    }

    private async Task<Guid> SignUpAsync()
    {
        using var gateway = shared.Host.CreateGatewayClient();
        return (await new AdminApi(gateway).SignUpAsync(CancellationToken)).OrganizationId;
    }

    private async Task<NpgsqlConnection> OpenDirectoryConnectionAsync()
    {
        var connection = new NpgsqlConnection(await shared.Host.ConnectionStringAsync("directorydb"));
        await connection.OpenAsync(CancellationToken);
        return connection;
    }
}
