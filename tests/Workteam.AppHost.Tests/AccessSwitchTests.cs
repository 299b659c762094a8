using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

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

    private async Task<HttpResponseMessage> ChangeAsync(AdminApi.SignedUpOrganization organization, Member member, object change) =>
        await Admin.SendAsync(HttpMethod.Patch, $"/api/organizations/{organization.OrganizationId}/accounts/{member.AccountId}", organization.AccessToken, change, CancellationToken);

    private async Task EntraSetsAsync(ScimClient scim, AdminApi.SignedUpOrganization organization, Member member, bool active)
    {
        Assert.Equal(HttpStatusCode.OK, (await scim.PatchAsync($"/Users/{member.ScimId}?aadOptscim062020", ActivePatch(active), CancellationToken)).Status);
        await Wait.UntilAsync(async () => (await AccountAsync(organization, member.AccountId)).GetProperty("entraActive").GetBoolean() == active,
            $"Directory applies Entra's active={active}", TimeSpan.FromSeconds(30), CancellationToken);
    }

    private async Task<bool> HasAccessAsync(Member member)
    {
        using var me = await Admin.SendAsync(HttpMethod.Get, "/api/me", member.Session, null, CancellationToken);
        using var signIn = await _gateway.PostAsJsonAsync("/api/sessions", new { email = member.Email, password = AdminApi.Password }, CancellationToken);
        Assert.Equal(me.StatusCode == HttpStatusCode.OK, signIn.StatusCode == HttpStatusCode.OK);
        return signIn.StatusCode == HttpStatusCode.OK;
    }

    [Fact]
    public async Task Entra_disables_and_an_admin_cannot_reactivate_the_member()
    {
        var (organization, scim) = await ReadyAsync();
        var member = await MemberAsync(organization, scim);
        await EntraSetsAsync(scim, organization, member, active: false);
        Assert.False(await HasAccessAsync(member));

        using var reactivate = await ChangeAsync(organization, member, new { status = "Active" });
        Assert.Equal(HttpStatusCode.Conflict, reactivate.StatusCode);
        Assert.Contains("enable them in Entra", (await reactivate.Content.ReadFromJsonAsync<JsonElement>(CancellationToken)).GetProperty("detail").GetString());
        Assert.False(await HasAccessAsync(member));
        var account = await AccountAsync(organization, member.AccountId);
        Assert.Equal("Suspended", account.GetProperty("status").GetString());
        Assert.Equal("Microsoft Entra ID", account.GetProperty("statusChangedBy").GetString());

        await EntraSetsAsync(scim, organization, member, active: true);
        Assert.True(await HasAccessAsync(member with { Session = await Admin.SignInAsync(member.Email, AdminApi.Password, CancellationToken) }));
    }

    [Fact]
    public async Task Entra_disables_then_an_admin_suspends_and_Entra_enabling_does_not_lift_the_suspension()
    {
        var (organization, scim) = await ReadyAsync();
        var member = await MemberAsync(organization, scim);
        await EntraSetsAsync(scim, organization, member, active: false);
        using (var suspend = await ChangeAsync(organization, member, new { status = "Suspended" }))
        {
            Assert.Equal(HttpStatusCode.OK, suspend.StatusCode);
        }

        await EntraSetsAsync(scim, organization, member, active: true);
        Assert.False(await HasAccessAsync(member));
        Assert.True((await AccountAsync(organization, member.AccountId)).GetProperty("suspendedByAdmin").GetBoolean());

        using (var lift = await ChangeAsync(organization, member, new { status = "Active" }))
        {
            Assert.Equal(HttpStatusCode.OK, lift.StatusCode);
        }

        var session = await Admin.SignInAsync(member.Email, AdminApi.Password, CancellationToken);
        Assert.True(await HasAccessAsync(member with { Session = session }));
        Assert.Equal(organization.AdminEmail, (await AccountAsync(organization, member.AccountId)).GetProperty("statusChangedBy").GetString());
    }

    [Fact]
    public async Task An_admin_suspends_and_Entra_enabling_does_not_give_access_back()
    {
        var (organization, scim) = await ReadyAsync();
        var member = await MemberAsync(organization, scim);
        using (var suspend = await ChangeAsync(organization, member, new { status = "Suspended" }))
        {
            Assert.Equal(HttpStatusCode.OK, suspend.StatusCode);
        }

        Assert.False(await HasAccessAsync(member));
        // Entra sends active=true again (a replace of the whole user, as its sync does).
        Assert.Equal(HttpStatusCode.OK, (await scim.PatchAsync($"/Users/{member.ScimId}",
            """{"Operations":[{"op":"Replace","path":"displayName","value":"Still suspended"}]}""", CancellationToken)).Status);
        await Wait.UntilAsync(async () => (await AccountAsync(organization, member.AccountId)).GetProperty("displayName").GetString() == "Still suspended",
            "Directory applies Entra's update", TimeSpan.FromSeconds(30), CancellationToken);
        Assert.False(await HasAccessAsync(member));
        var account = await AccountAsync(organization, member.AccountId);
        Assert.True(account.GetProperty("entraActive").GetBoolean());
        Assert.Equal("Suspended", account.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_role_Entra_assigns_cannot_be_changed_in_Workteam_but_one_it_does_not_can()
    {
        var (organization, scim) = await ReadyAsync();
        var assigned = await MemberAsync(organization, scim, ""","roles":[{"value":"User"}]""");
        await Wait.UntilAsync(async () => (await AccountAsync(organization, assigned.AccountId)).GetProperty("roleFromEntra").GetBoolean(),
            "the role comes from Entra", TimeSpan.FromSeconds(30), CancellationToken);
        using (var promote = await ChangeAsync(organization, assigned, new { role = "Admin" }))
        {
            Assert.Equal(HttpStatusCode.Conflict, promote.StatusCode);
            Assert.Contains("change it there", (await promote.Content.ReadFromJsonAsync<JsonElement>(CancellationToken)).GetProperty("detail").GetString());
        }

        Assert.Equal("Member", (await AccountAsync(organization, assigned.AccountId)).GetProperty("role").GetString());

        var free = await MemberAsync(organization, scim);
        using (var promote = await ChangeAsync(organization, free, new { role = "Admin" }))
        {
            Assert.Equal(HttpStatusCode.OK, promote.StatusCode);
        }

        // Entra's next update without roles leaves the admin's promotion alone.
        Assert.Equal(HttpStatusCode.OK, (await scim.PatchAsync($"/Users/{free.ScimId}",
            """{"Operations":[{"op":"Replace","path":"title","value":"Engineer"}]}""", CancellationToken)).Status);
        await Wait.UntilAsync(async () => (await AccountAsync(organization, free.AccountId)).GetProperty("title").GetString() == "Engineer",
            "Directory applies Entra's update", TimeSpan.FromSeconds(30), CancellationToken);
        Assert.Equal("Admin", (await AccountAsync(organization, free.AccountId)).GetProperty("role").GetString());
    }
}
