using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace Workteam.AppHost.Tests;

/// <summary>
/// Entra's switch and the admins' switch: a member has access only while both allow it, an admin can never give
/// back what Entra took, and a role Entra assigns is Entra's to change (decision 0019).
/// </summary>
[Collection(SharedAppHostCollection.Name)]
public sealed class AccessSwitchTests(SharedAppHost shared)
{
    private readonly HttpClient _gateway = shared.Host.CreateGatewayClient();
    private AdminApi Admin => new(_gateway);
    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    private sealed record Member(string Email, string ScimId, Guid AccountId, string Session);

    private static string ActivePatch(bool active) =>
        $$"""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","path":"active","value":{{(active ? "true" : "false")}}}]}""";

    private async Task<(AdminApi.SignedUpOrganization Organization, ScimClient Scim)> ReadyAsync()
    {
        var (organization, token) = await Admin.ProvisioningReadyAsync(CancellationToken);
        return (organization, new ScimClient(_gateway, token.BaseUrl, token.Token));
    }

    /// <summary>A member with a password (their account made by an admin, then adopted by Entra) who is signed in.</summary>
    private async Task<Member> MemberAsync(AdminApi.SignedUpOrganization organization, ScimClient scim, string extra = "")
    {
        var email = AdminApi.NewEmail("member");
        var accountId = await Admin.CreateAccountAsync(organization, email, "Member", CancellationToken);
        var scimId = await scim.CreateUserAsync(CancellationToken, email, $$""","emails":[{"value":"{{email}}","type":"work"}]{{extra}}""");
        await Wait.UntilAsync(async () => (await AccountAsync(organization, accountId)).GetProperty("managedByEntra").GetBoolean(),
            "Entra's user adopts the account", TimeSpan.FromSeconds(30), CancellationToken);
        return new Member(email, scimId, accountId, await Admin.SignInAsync(email, AdminApi.Password, CancellationToken));
    }

    private async Task<JsonElement> AccountAsync(AdminApi.SignedUpOrganization organization, Guid accountId)
    {
        using var response = await Admin.SendAsync(HttpMethod.Get, $"/api/organizations/{organization.OrganizationId}/accounts/{accountId}", organization.AccessToken, null, CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(CancellationToken);
    }

    /// <summary>The member as the accounts list shows them.</summary>
    private async Task<JsonElement> ListedAsync(AdminApi.SignedUpOrganization organization, Member member) =>
        (await Admin.ListAllAsync(organization, $"accounts?q={Uri.EscapeDataString(member.Email)}", CancellationToken))
        .Single(a => a.GetProperty("accountId").GetGuid() == member.AccountId);

    private async Task<HttpResponseMessage> ChangeAsync(AdminApi.SignedUpOrganization organization, Member member, object change) =>
        await Admin.SendAsync(HttpMethod.Patch, $"/api/organizations/{organization.OrganizationId}/accounts/{member.AccountId}", organization.AccessToken, change, CancellationToken);

    /// <summary>Sends the change, expects 200 and answers the account it returns.</summary>
    private async Task<JsonElement> ChangedAsync(AdminApi.SignedUpOrganization organization, Member member, object change)
    {
        using var response = await ChangeAsync(organization, member, change);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(CancellationToken);
    }

    private static async Task<string> RefusalAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(CancellationToken)).GetProperty("detail").GetString()!;
    }

    private async Task EntraSetsAsync(ScimClient scim, AdminApi.SignedUpOrganization organization, Member member, bool active)
    {
        Assert.Equal(HttpStatusCode.OK, (await scim.PatchAsync($"/Users/{member.ScimId}?aadOptscim062020", ActivePatch(active), CancellationToken)).Status);
        await Wait.UntilAsync(async () => (await AccountAsync(organization, member.AccountId)).GetProperty("entraActive").GetBoolean() == active,
            $"Directory applies Entra's active={active}", TimeSpan.FromSeconds(30), CancellationToken);
    }

    /// <summary>Whether the member's old session still works, and whether they can sign in again.</summary>
    private async Task<(bool OldSession, bool SignIn)> AccessAsync(Member member)
    {
        using var me = await Admin.SendAsync(HttpMethod.Get, "/api/me", member.Session, null, CancellationToken);
        using var signIn = await _gateway.PostAsJsonAsync("/api/sessions", new { email = member.Email, password = AdminApi.Password }, CancellationToken);
        return (me.StatusCode == HttpStatusCode.OK, signIn.StatusCode == HttpStatusCode.OK);
    }

    private async Task AssertNoAccessAsync(Member member) => Assert.Equal((false, false), await AccessAsync(member));

    private async Task<Guid> AdminIdAsync(AdminApi.SignedUpOrganization organization)
    {
        using var me = await Admin.SendAsync(HttpMethod.Get, "/api/me", organization.AccessToken, null, CancellationToken);
        return (await me.Content.ReadFromJsonAsync<JsonElement>(CancellationToken)).GetProperty("accountId").GetGuid();
    }

    [Fact]
    public async Task Entra_disables_and_an_admin_cannot_reactivate_the_member()
    {
        var (organization, scim) = await ReadyAsync();
        var member = await MemberAsync(organization, scim);
        await EntraSetsAsync(scim, organization, member, active: false);
        await AssertNoAccessAsync(member);

        using (var reactivate = await ChangeAsync(organization, member, new { status = "Active" }))
        {
            var refusal = await RefusalAsync(reactivate);
            Assert.Contains("Microsoft Entra ID has disabled this member", refusal);
            Assert.Contains("Enterprise applications → Workteam → Users and groups", refusal);
        }

        await AssertNoAccessAsync(member);
        var listed = await ListedAsync(organization, member);
        Assert.Equal("Suspended", listed.GetProperty("status").GetString());
        Assert.True(listed.GetProperty("managedByEntra").GetBoolean());
        Assert.False(listed.GetProperty("entraActive").GetBoolean());
        Assert.False(listed.GetProperty("suspendedByAdmin").GetBoolean());
        Assert.Equal(JsonValueKind.Null, listed.GetProperty("statusChangedBy").ValueKind);
        Assert.Equal(JsonValueKind.String, listed.GetProperty("statusChangedAt").ValueKind);
        Assert.Equal("Microsoft Entra ID", (await AccountAsync(organization, member.AccountId)).GetProperty("statusChangedByName").GetString());

        await EntraSetsAsync(scim, organization, member, active: true);
        Assert.Equal((false, true), await AccessAsync(member));
    }

    [Fact]
    public async Task Entra_disables_then_an_admin_suspends_and_Entra_enabling_does_not_lift_the_suspension()
    {
        var (organization, scim) = await ReadyAsync();
        var member = await MemberAsync(organization, scim);
        await EntraSetsAsync(scim, organization, member, active: false);
        await AssertNoAccessAsync(member);

        // Cutting access is never refused, also on top of Entra's.
        var suspended = await ChangedAsync(organization, member, new { status = "Suspended" });
        Assert.Equal(("Suspended", false, true), (suspended.GetProperty("status").GetString(),
            suspended.GetProperty("entraActive").GetBoolean(), suspended.GetProperty("suspendedByAdmin").GetBoolean()));

        await EntraSetsAsync(scim, organization, member, active: true);
        await AssertNoAccessAsync(member);
        Assert.True((await AccountAsync(organization, member.AccountId)).GetProperty("suspendedByAdmin").GetBoolean());

        var lifted = await ChangedAsync(organization, member, new { status = "Active" });
        Assert.Equal("Active", lifted.GetProperty("status").GetString());
        Assert.Equal(await AdminIdAsync(organization), lifted.GetProperty("statusChangedBy").GetGuid());
        Assert.Equal((false, true), await AccessAsync(member));
        Assert.Equal(organization.AdminEmail, (await AccountAsync(organization, member.AccountId)).GetProperty("statusChangedByName").GetString());
    }

    [Fact]
    public async Task An_admin_suspends_and_Entra_enabling_does_not_give_access_back()
    {
        var (organization, scim) = await ReadyAsync();
        var member = await MemberAsync(organization, scim);
        var suspended = await ChangedAsync(organization, member, new { status = "Suspended" });
        Assert.Equal(("Suspended", true, true), (suspended.GetProperty("status").GetString(),
            suspended.GetProperty("entraActive").GetBoolean(), suspended.GetProperty("suspendedByAdmin").GetBoolean()));
        await AssertNoAccessAsync(member);

        // Entra sends active=true again, as its sync does with every change of the user.
        Assert.Equal(HttpStatusCode.OK, (await scim.PatchAsync($"/Users/{member.ScimId}?aadOptscim062020",
            """{"Operations":[{"op":"Replace","path":"active","value":true},{"op":"Replace","path":"displayName","value":"Still suspended"}]}""",
            CancellationToken)).Status);
        await Wait.UntilAsync(async () => (await AccountAsync(organization, member.AccountId)).GetProperty("displayName").GetString() == "Still suspended",
            "Directory applies Entra's update", TimeSpan.FromSeconds(30), CancellationToken);
        await AssertNoAccessAsync(member);
        var listed = await ListedAsync(organization, member);
        Assert.Equal(("Suspended", true, true), (listed.GetProperty("status").GetString(),
            listed.GetProperty("entraActive").GetBoolean(), listed.GetProperty("suspendedByAdmin").GetBoolean()));
        Assert.Equal(await AdminIdAsync(organization), listed.GetProperty("statusChangedBy").GetGuid());
    }

    [Fact]
    public async Task A_role_Entra_assigns_cannot_be_changed_in_Workteam_but_one_it_does_not_can()
    {
        var (organization, scim) = await ReadyAsync();
        var assigned = await MemberAsync(organization, scim, ""","roles":[{"value":"Admin"}]""");
        await Wait.UntilAsync(async () => (await AccountAsync(organization, assigned.AccountId)).GetProperty("roleFromEntra").GetBoolean(),
            "the role comes from Entra", TimeSpan.FromSeconds(30), CancellationToken);
        using (var demote = await ChangeAsync(organization, assigned, new { role = "Member" }))
        {
            Assert.Contains("Entra assigns this member's role through app roles; change it there", await RefusalAsync(demote));
        }

        Assert.Equal("Admin", (await ListedAsync(organization, assigned)).GetProperty("role").GetString());

        // Entra withdraws the app role: what Entra granted, Entra takes back, and the role is Workteam's again.
        Assert.Equal(HttpStatusCode.OK, (await scim.PatchAsync($"/Users/{assigned.ScimId}",
            """{"Operations":[{"op":"Replace","path":"roles","value":[]}]}""", CancellationToken)).Status);
        await Wait.UntilAsync(async () => !(await AccountAsync(organization, assigned.AccountId)).GetProperty("roleFromEntra").GetBoolean(),
            "Directory applies the withdrawn role", TimeSpan.FromSeconds(30), CancellationToken);
        Assert.Equal("Member", (await ListedAsync(organization, assigned)).GetProperty("role").GetString());

        var free = await MemberAsync(organization, scim);
        Assert.False((await ListedAsync(organization, free)).GetProperty("roleFromEntra").GetBoolean());
        Assert.Equal("Admin", (await ChangedAsync(organization, free, new { role = "Admin" })).GetProperty("role").GetString());

        // Entra's next update without roles leaves the admin's promotion alone; demoting works as ever.
        Assert.Equal(HttpStatusCode.OK, (await scim.PatchAsync($"/Users/{free.ScimId}",
            """{"Operations":[{"op":"Replace","path":"title","value":"Engineer"}]}""", CancellationToken)).Status);
        await Wait.UntilAsync(async () => (await AccountAsync(organization, free.AccountId)).GetProperty("title").GetString() == "Engineer",
            "Directory applies Entra's update", TimeSpan.FromSeconds(30), CancellationToken);
        Assert.Equal("Admin", (await ListedAsync(organization, free)).GetProperty("role").GetString());
        Assert.Equal("Member", (await ChangedAsync(organization, free, new { role = "Member" })).GetProperty("role").GetString());
    }

    /// <summary>
    /// Entra's and an admin's changes may race: each writes only its own switch, and the status follows whichever
    /// writes last, because the database computes it.
    /// </summary>
    [Fact]
    public async Task The_status_follows_the_switches_whichever_side_writes_last()
    {
        var organization = await Admin.SignUpAsync(CancellationToken);
        var accountId = await Admin.CreateAccountAsync(organization, AdminApi.NewEmail("member"), "Member", CancellationToken);
        await using var connection = new NpgsqlConnection(await shared.Host.ConnectionStringAsync("directorydb"));
        await connection.OpenAsync(CancellationToken);

        async Task<string> SetAsync(string column, bool value)
        {
            await using var command = new NpgsqlCommand($"UPDATE accounts SET {column} = @value WHERE id = @id RETURNING status", connection);
            command.Parameters.AddWithValue("value", value);
            command.Parameters.AddWithValue("id", accountId);
            return (string)(await command.ExecuteScalarAsync(CancellationToken))!;
        }

        Assert.Equal("Suspended", await SetAsync("suspended_by_admin", true));
        Assert.Equal("Suspended", await SetAsync("entra_active", false));
        Assert.Equal("Suspended", await SetAsync("suspended_by_admin", false));
        Assert.Equal("Active", await SetAsync("entra_active", true));
    }
}
