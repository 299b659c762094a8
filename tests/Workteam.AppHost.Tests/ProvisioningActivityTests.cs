using System.Net;
using System.Text.Json;

namespace Workteam.AppHost.Tests;

/// <summary>Every SCIM change Entra makes appears in the organization's provisioning activity with what became of it.</summary>
[Collection(SharedAppHostCollection.Name)]
public sealed class ProvisioningActivityTests(SharedAppHost shared)
{
    private readonly HttpClient _gateway = shared.Host.CreateGatewayClient();
    private AdminApi Admin => new(_gateway);
    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    private static string ActivePatch(string value) =>
        $$"""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","path":"active","value":{{value}}}]}""";

    private async Task<(AdminApi.SignedUpOrganization Organization, ScimClient Scim, ActivityLogApi Activity)> ReadyAsync()
    {
        var (organization, token) = await Admin.ProvisioningReadyAsync(CancellationToken);
        return (organization, new ScimClient(_gateway, token.BaseUrl, token.Token), new ActivityLogApi(Admin, organization));
    }

    private static void AssertRow(JsonElement row, string resourceType, int status, string outcome, string? subject = null)
    {
        Assert.Equal(resourceType, row.GetProperty("resourceType").GetString());
        Assert.Equal(status, row.GetProperty("status").GetInt32());
        Assert.Equal(outcome, row.GetProperty("outcome").GetString());
        if (subject is not null)
        {
            Assert.Equal(subject, row.GetProperty("subject").GetString());
        }

        // Traced only when telemetry is exported (the test hosts export none): then the request's trace id.
        Assert.Matches("^([0-9a-f]{32})?$", row.GetProperty("traceId").GetString() ?? "");
    }

    [Fact]
    public async Task Each_user_change_is_a_row_with_the_answer_Entra_got_and_what_Workteam_did()
    {
        var (organization, scim, activity) = await ReadyAsync();
        var userName = $"ada-{Guid.NewGuid():N}@contoso.test";
        var id = await scim.CreateUserAsync(CancellationToken, userName, $$""","externalId":"ext-{{Guid.NewGuid():N}}","emails":[{"value":"{{AdminApi.NewEmail("ada")}}","type":"work","primary":true}]""");

        var created = await activity.RowAsync(id, "Create user", CancellationToken);
        AssertRow(created, "User", 201, "Applied", userName);
        Assert.StartsWith("ext-", created.GetProperty("externalId").GetString());
        Assert.NotEqual(JsonValueKind.Null, created.GetProperty("accountId").ValueKind);

        var renamed = await scim.PatchAsync($"/Users/{id}", """{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","path":"displayName","value":"Ada L."}]}""", CancellationToken);
        Assert.Equal(HttpStatusCode.OK, renamed.Status);
        AssertRow(await activity.RowAsync(id, "Update user", CancellationToken), "User", 200, "Applied", userName);

        // Both PATCH dialects: Entra's old one sends "False" as a string, the new one (aadOptscim062020) a boolean.
        Assert.Equal(HttpStatusCode.OK, (await scim.PatchAsync($"/Users/{id}", ActivePatch("\"False\""), CancellationToken)).Status);
        AssertRow(await activity.RowAsync(id, "Disable user", CancellationToken), "User", 200, "Applied", userName);
        Assert.Equal(HttpStatusCode.OK, (await scim.PatchAsync($"/Users/{id}?aadOptscim062020", ActivePatch("true"), CancellationToken)).Status);
        AssertRow(await activity.RowAsync(id, "Enable user", CancellationToken), "User", 200, "Applied", userName);
        Assert.Equal(HttpStatusCode.OK, (await scim.PatchAsync($"/Users/{id}?aadOptscim062020", ActivePatch("false"), CancellationToken)).Status);
        await Wait.UntilAsync(async () => (await activity.PageAsync($"?q={id}", CancellationToken)).Items.Count(i => i.GetProperty("operation").GetString() == "Disable user") == 2,
            "the second disable is recorded", TimeSpan.FromSeconds(30), CancellationToken);

        // A write that changes nothing is still a row.
        Assert.Equal(HttpStatusCode.OK, (await scim.PatchAsync($"/Users/{id}?aadOptscim062020", ActivePatch("false"), CancellationToken)).Status);
        var unchanged = await activity.RowAsync(id, "Update user", CancellationToken, TimeSpan.FromSeconds(30));
        await Wait.UntilAsync(async () => (await activity.PageAsync($"?q={id}", CancellationToken)).Items
                .Any(i => i.GetProperty("outcomeDetail").GetString()?.StartsWith("No change", StringComparison.Ordinal) == true),
            "the unchanged write is recorded", TimeSpan.FromSeconds(30), CancellationToken);
        Assert.Equal("Applied", unchanged.GetProperty("outcome").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await scim.DeleteAsync($"/Users/{id}", CancellationToken)).Status);
        var deleted = await activity.RowAsync(id, "Delete user", CancellationToken);
        AssertRow(deleted, "User", 204, "Applied", $"deleted user {id}");

        // The erase rule: no row of the user keeps its userName or externalId once it is deleted.
        var rows = (await activity.PageAsync($"?q={id}&limit=200", CancellationToken)).Items;
        Assert.True(rows.Count >= 7, string.Join('\n', rows));
        Assert.All(rows, row =>
        {
            Assert.Equal($"deleted user {id}", row.GetProperty("subject").GetString());
            Assert.Equal(JsonValueKind.Null, row.GetProperty("externalId").ValueKind);
            Assert.DoesNotContain(userName, row.GetRawText(), StringComparison.OrdinalIgnoreCase);
        });
        Assert.Empty((await activity.PageAsync($"?q={userName[..8]}", CancellationToken)).Items);
        _ = organization;
    }

    [Fact]
    public async Task Each_group_change_is_a_row_named_after_the_group()
    {
        var (_, scim, activity) = await ReadyAsync();
        var users = new[] { await scim.CreateUserAsync(CancellationToken), await scim.CreateUserAsync(CancellationToken), await scim.CreateUserAsync(CancellationToken) };
        var name = $"Sales {Guid.NewGuid():N}";
        var group = await scim.CreateGroupAsync(CancellationToken, name);
        AssertRow(await activity.RowAsync(group, "Create group", CancellationToken), "Group", 201, "Applied", name);

        var members = string.Join(',', users.Select(u => $$"""{"value":"{{u}}"}"""));
        var added = await scim.PatchAsync($"/Groups/{group}", $$"""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Add","path":"members","value":[{{members}}]}]}""", CancellationToken);
        Assert.Equal(HttpStatusCode.NoContent, added.Status);
        var addRow = await activity.RowAsync(group, "Add 3 members", CancellationToken);
        AssertRow(addRow, "Group", 204, "Applied", name);
        Assert.NotEqual(JsonValueKind.Null, addRow.GetProperty("teamId").ValueKind);

        var removed = await scim.PatchAsync($"/Groups/{group}", $$"""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Remove","path":"members[value eq \"{{users[0]}}\"]"}]}""", CancellationToken);
        Assert.Equal(HttpStatusCode.NoContent, removed.Status);
        AssertRow(await activity.RowAsync(group, "Remove 1 member", CancellationToken), "Group", 204, "Applied", name);

        var newName = name + " EMEA";
        var renamed = await scim.PatchAsync($"/Groups/{group}", $$"""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","path":"displayName","value":"{{newName}}"}]}""", CancellationToken);
        Assert.Equal(HttpStatusCode.NoContent, renamed.Status);
        AssertRow(await activity.RowAsync(group, "Rename group", CancellationToken), "Group", 204, "Applied", newName);

        Assert.Equal(HttpStatusCode.NoContent, (await scim.DeleteAsync($"/Groups/{group}", CancellationToken)).Status);
        AssertRow(await activity.RowAsync(group, "Delete group", CancellationToken), "Group", 204, "Applied", newName);

        var byName = (await activity.PageAsync($"?q={name.ToUpperInvariant()[..12]}", CancellationToken)).Items;
        Assert.Contains(byName, i => i.GetProperty("operation").GetString() == "Create group");
    }

    [Fact]
    public async Task A_refused_request_and_a_change_Directory_cannot_apply_are_failures_with_their_reasons()
    {
        var (_, scim, activity) = await ReadyAsync();
        var userName = $"dup-{Guid.NewGuid():N}@contoso.test";
        await scim.CreateUserAsync(CancellationToken, userName);
        var duplicate = await scim.PostAsync("/Users", $$"""{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"{{userName}}","active":true}""", CancellationToken);
        Assert.Equal(HttpStatusCode.Conflict, duplicate.Status);

        // Two users with one email: ScimApi accepts both, Directory cannot give the second one the email.
        var email = AdminApi.NewEmail("shared");
        var first = await scim.CreateUserAsync(CancellationToken, null, $$""","emails":[{"value":"{{email}}","type":"work"}]""");
        await activity.RowAsync(first, "Create user", CancellationToken);
        var second = await scim.CreateUserAsync(CancellationToken, null, $$""","emails":[{"value":"{{email}}","type":"work"}]""");

        var failed = await activity.RowAsync(second, "Create user", CancellationToken);
        Assert.Equal("Failed", failed.GetProperty("outcome").GetString());
        Assert.Equal(201, failed.GetProperty("status").GetInt32());
        Assert.Contains(email, failed.GetProperty("outcomeDetail").GetString());

        JsonElement refused = default;
        await Wait.UntilAsync(async () =>
        {
            var failures = (await activity.PageAsync("?failed=true", CancellationToken)).Items;
            refused = failures.FirstOrDefault(i => i.GetProperty("status").GetInt32() == 409);
            return refused.ValueKind == JsonValueKind.Object && failures.Any(i => i.GetProperty("scimId").GetString() == second);
        }, "both failures are listed", TimeSpan.FromSeconds(30), CancellationToken);
        Assert.Equal("Create user", refused.GetProperty("operation").GetString());
        Assert.Equal("Refused", refused.GetProperty("outcome").GetString());
        Assert.Equal(userName, refused.GetProperty("subject").GetString());
        Assert.Contains("userName", refused.GetProperty("detail").GetString());

        var all = (await activity.PageAsync("?failed=true", CancellationToken)).Items;
        Assert.All(all, i => Assert.Contains(i.GetProperty("outcome").GetString(), new[] { "Failed", "Refused" }));

        var status = await activity.StatusAsync(CancellationToken);
        Assert.True(status.GetProperty("failuresLast24Hours").GetInt32() >= 2);
        Assert.True(status.GetProperty("changesLast24Hours").GetInt32() >= 4);
        Assert.NotEqual(JsonValueKind.Null, status.GetProperty("lastFailure").ValueKind);
    }

    [Fact]
    public async Task Pages_are_keyset_paged_and_stable_while_new_rows_arrive()
    {
        var (_, scim, activity) = await ReadyAsync();
        var before = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            before.Add(await scim.CreateUserAsync(CancellationToken));
        }

        await Wait.UntilAsync(async () => (await activity.PageAsync("?limit=200", CancellationToken)).Items.Count == 12, "12 rows", TimeSpan.FromSeconds(30), CancellationToken);

        var seen = new List<string>();
        var writer = Task.Run(async () =>
        {
            for (var i = 0; i < 10; i++)
            {
                await scim.CreateUserAsync(CancellationToken);
            }
        }, CancellationToken);
        string? cursor = null;
        do
        {
            var page = await activity.PageAsync($"?limit=5{(cursor is null ? "" : "&cursor=" + cursor)}", CancellationToken);
            Assert.True(page.Items.Count <= 5);
            seen.AddRange(page.Items.Select(i => i.GetProperty("scimId").GetString()!));
            var times = page.Items.Select(i => i.GetProperty("at").GetDateTimeOffset()).ToList();
            Assert.Equal(times.OrderDescending(), times);
            cursor = page.Next;
        }
        while (cursor is not null);
        await writer;

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.All(before, id => Assert.Contains(id, seen));
    }

    [Fact]
    public async Task Bad_paging_and_filters_get_a_clear_400_and_the_limit_is_capped()
    {
        var (organization, _, activity) = await ReadyAsync();
        foreach (var query in new[] { "?cursor=not-a-cursor", "?limit=0", "?limit=abc", "?failed=maybe", "?from=yesterday", "?from=2026-12-05T10:00:00Z&to=2026-12-04T10:00:00Z" })
        {
            using var response = await Admin.SendAsync(HttpMethod.Get, $"/api/organizations/{organization.OrganizationId}/provisioning/activity{query}",
                organization.AccessToken, null, CancellationToken);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(CancellationToken)).RootElement;
            Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()), query);
        }

        var capped = await activity.PageAsync("?limit=100000", CancellationToken);
        Assert.True(capped.Items.Count <= 200);
    }

    [Fact]
    public async Task Only_admins_of_the_organization_read_its_activity()
    {
        var (organization, _, _) = await ReadyAsync();
        var other = await Admin.SignUpAsync(CancellationToken);
        var memberEmail = AdminApi.NewEmail("member");
        await Admin.CreateAccountAsync(organization, memberEmail, "Member", CancellationToken);
        var member = await Admin.SignInAsync(memberEmail, AdminApi.Password, CancellationToken);

        foreach (var path in new[] { "provisioning/activity", "provisioning/status" })
        {
            using var otherAdmin = await Admin.SendAsync(HttpMethod.Get, $"/api/organizations/{organization.OrganizationId}/{path}", other.AccessToken, null, CancellationToken);
            Assert.Equal(HttpStatusCode.NotFound, otherAdmin.StatusCode);
            using var asMember = await Admin.SendAsync(HttpMethod.Get, $"/api/organizations/{organization.OrganizationId}/{path}", member, null, CancellationToken);
            Assert.Equal(HttpStatusCode.Forbidden, asMember.StatusCode);
            using var anonymous = await Admin.SendAsync(HttpMethod.Get, $"/api/organizations/{organization.OrganizationId}/{path}", null, null, CancellationToken);
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }
    }
}
