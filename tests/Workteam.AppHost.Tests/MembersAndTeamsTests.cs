using System.Net;
using System.Text.Json;

namespace Workteam.AppHost.Tests;

/// <summary>Members and teams an admin can find: search, filters, keyset paging, the member's details, isolation.</summary>
[Collection(SharedAppHostCollection.Name)]
public sealed class MembersAndTeamsTests(SharedAppHost shared)
{
    private readonly HttpClient _gateway = shared.Host.CreateGatewayClient();
    private AdminApi Admin => new(_gateway);
    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    private static string Names(IEnumerable<JsonElement> items, string property = "userName") =>
        string.Join(',', items.Select(i => i.GetProperty(property).GetString()).Order());

    private async Task<JsonElement> GetAsync(AdminApi.SignedUpOrganization organization, string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await Admin.SendAsync(HttpMethod.Get, $"/api/organizations/{organization.OrganizationId}/{path}", organization.AccessToken, null, CancellationToken);
        var text = await response.Content.ReadAsStringAsync(CancellationToken);
        Assert.True(response.StatusCode == expected, $"{path}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    [Fact]
    public async Task Members_are_found_by_the_start_of_a_name_email_or_userName_and_by_every_filter()
    {
        var (organization, token) = await Admin.ProvisioningReadyAsync(CancellationToken);
        var scim = new ScimClient(_gateway, token.BaseUrl, token.Token);
        var tag = Guid.NewGuid().ToString("N")[..8];
        var ada = await scim.CreateUserAsync(CancellationToken, $"ada.{tag}@contoso.test",
            $$""","displayName":"Ada Lovelace","emails":[{"value":"countess.{{tag}}@example.test","type":"work"}],"phoneNumbers":[{"value":"+44 20 7946 0000","type":"work"}],"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"employeeNumber":"E-1815"}""");
        var alan = await scim.CreateUserAsync(CancellationToken, $"alan.{tag}@contoso.test", ""","displayName":"Alan Turing","roles":[{"value":"Admin"}]""");
        var grace = await scim.CreateUserAsync(CancellationToken, $"grace.{tag}@contoso.test", ",\"displayName\":\"Grace Hopper\"");
        Assert.Equal(HttpStatusCode.OK, (await scim.PatchAsync($"/Users/{grace}", """{"Operations":[{"op":"Replace","path":"active","value":false}]}""", CancellationToken)).Status);
        var group = await scim.CreateGroupAsync(CancellationToken, $"Engines {tag}");
        Assert.Equal(HttpStatusCode.NoContent, (await scim.PatchAsync($"/Groups/{group}",
            $$"""{"Operations":[{"op":"Add","path":"members","value":[{"value":"{{ada}}"},{"value":"{{alan}}"}]}]}""", CancellationToken)).Status);
        await Wait.UntilAsync(async () => (await GetAsync(organization, "accounts?managed=true&status=Suspended")).GetProperty("total").GetInt32() == 1
                && (await Admin.ListAllAsync(organization, "teams", CancellationToken)).Any(t => t.GetProperty("memberCount").GetInt32() == 2),
            "Directory has applied the users and the team", TimeSpan.FromSeconds(30), CancellationToken);

        Assert.Equal($"ada.{tag}@contoso.test", Names((await GetAsync(organization, "accounts?q=ADA L")).GetProperty("items").EnumerateArray()));
        Assert.Equal($"ada.{tag}@contoso.test", Names((await GetAsync(organization, $"accounts?q=countess.{tag}")).GetProperty("items").EnumerateArray()));
        Assert.Equal($"alan.{tag}@contoso.test", Names((await GetAsync(organization, $"accounts?q=Alan.{tag}")).GetProperty("items").EnumerateArray()));
        Assert.Empty((await GetAsync(organization, "accounts?q=Lovelace")).GetProperty("items").EnumerateArray());
        Assert.Equal($"grace.{tag}@contoso.test", Names((await GetAsync(organization, "accounts?status=Suspended")).GetProperty("items").EnumerateArray()));
        Assert.Equal($"alan.{tag}@contoso.test", Names((await GetAsync(organization, "accounts?role=Admin&managed=true")).GetProperty("items").EnumerateArray()));
        var notManaged = (await GetAsync(organization, "accounts?managed=false")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(organization.AdminEmail, Assert.Single(notManaged).GetProperty("email").GetString());
        var teamId = (await Admin.ListAllAsync(organization, $"teams?q=engines {tag}", CancellationToken)).Single().GetProperty("teamId").GetString();
        var inTeam = await GetAsync(organization, $"accounts?team={teamId}");
        Assert.Equal($"ada.{tag}@contoso.test,alan.{tag}@contoso.test", Names(inTeam.GetProperty("items").EnumerateArray()));
        Assert.Equal(2, inTeam.GetProperty("total").GetInt32());
        Assert.Equal(inTeam.GetRawText(), (await GetAsync(organization, $"teams/{teamId}/members")).GetRawText());

        var listed = (await GetAsync(organization, "accounts?managed=true")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["Ada Lovelace", "Alan Turing", "Grace Hopper"], listed.Select(i => i.GetProperty("displayName").GetString()));
        Assert.All(listed, i => Assert.True(i.GetProperty("managedByEntra").GetBoolean()));
        Assert.Equal([1, 1, 0], listed.Select(i => i.GetProperty("teamCount").GetInt32()));

        var detail = await GetAsync(organization, $"accounts/{listed[0].GetProperty("accountId").GetString()}");
        Assert.Equal($"ada.{tag}@contoso.test", detail.GetProperty("userName").GetString());
        Assert.Equal($"Engines {tag}", Assert.Single(detail.GetProperty("teams").EnumerateArray()).GetProperty("displayName").GetString());
        Assert.Contains(detail.GetProperty("recentActivity").EnumerateArray(), a => a.GetProperty("operation").GetString() == "Create user");
        Assert.Equal(0, detail.GetProperty("activeSessions").GetInt32());
        Assert.Equal("E-1815", detail.GetProperty("otherAttributes").GetProperty("Employee number").GetString());
        Assert.Equal("+44 20 7946 0000", detail.GetProperty("otherAttributes").GetProperty("Phone (work)").GetString());
        Assert.NotEqual("None", detail.GetProperty("invitation").GetProperty("state").GetString());
    }

    [Fact]
    public async Task Pages_are_stable_while_Entra_provisions_more_members()
    {
        var (organization, token) = await Admin.ProvisioningReadyAsync(CancellationToken);
        var scim = new ScimClient(_gateway, token.BaseUrl, token.Token);
        for (var i = 0; i < 15; i++)
        {
            await scim.CreateUserAsync(CancellationToken);
        }

        await Wait.UntilAsync(async () => (await GetAsync(organization, "accounts?managed=true")).GetProperty("total").GetInt32() == 15,
            "15 members", TimeSpan.FromSeconds(30), CancellationToken);
        var before = (await Admin.ListAllAsync(organization, "accounts", CancellationToken)).Select(a => a.GetProperty("accountId").GetString()).ToList();
        var writer = Task.Run(async () =>
        {
            for (var i = 0; i < 10; i++)
            {
                await scim.CreateUserAsync(CancellationToken);
            }
        }, CancellationToken);

        var seen = new List<string?>();
        var totals = new List<int>();
        string? cursor = null;
        do
        {
            var page = await GetAsync(organization, $"accounts?limit=4{(cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor))}");
            var items = page.GetProperty("items").EnumerateArray().ToList();
            Assert.True(items.Count <= 4);
            seen.AddRange(items.Select(i => i.GetProperty("accountId").GetString()));
            totals.Add(page.GetProperty("total").GetInt32());
            cursor = page.GetProperty("next").GetString();
        }
        while (cursor is not null);
        await writer;

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.All(before, id => Assert.Contains(id, seen));
        // The total is the first page's count, carried by the cursor: later pages do not count again.
        Assert.Single(totals.Distinct());
    }

    [Fact]
    public async Task Bad_list_parameters_get_a_clear_400_and_the_limit_is_capped()
    {
        var organization = await Admin.SignUpAsync(CancellationToken);
        foreach (var path in new[] { "accounts?cursor=%%%", "accounts?limit=0", "accounts?status=Gone", "accounts?role=Owner", "accounts?managed=maybe", "accounts?team=x", "teams?limit=-3", "teams?cursor=AA" })
        {
            var problem = await GetAsync(organization, path, HttpStatusCode.BadRequest);
            Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()), path);
        }

        Assert.Single((await GetAsync(organization, "accounts?limit=1000")).GetProperty("items").EnumerateArray());
        await GetAsync(organization, $"accounts/{Guid.NewGuid()}", HttpStatusCode.NotFound);
        await GetAsync(organization, $"teams/{Guid.NewGuid()}", HttpStatusCode.NotFound);
        await GetAsync(organization, $"teams/{Guid.NewGuid()}/members", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Only_admins_of_the_organization_list_its_members_and_teams()
    {
        var (organization, token) = await Admin.ProvisioningReadyAsync(CancellationToken);
        var scim = new ScimClient(_gateway, token.BaseUrl, token.Token);
        await scim.CreateGroupAsync(CancellationToken);
        var other = await Admin.SignUpAsync(CancellationToken);
        var memberEmail = AdminApi.NewEmail("member");
        var memberId = await Admin.CreateAccountAsync(organization, memberEmail, "Member", CancellationToken);
        var member = await Admin.SignInAsync(memberEmail, AdminApi.Password, CancellationToken);
        var teamId = await Wait.ForAsync(async () => (await Admin.ListAllAsync(organization, "teams", CancellationToken)).Select(t => t.GetProperty("teamId").GetString()).FirstOrDefault(),
            "the team", TimeSpan.FromSeconds(30), CancellationToken);

        foreach (var path in new[] { "accounts", $"accounts/{memberId}", "teams", $"teams/{teamId}", $"teams/{teamId}/members" })
        {
            var url = $"/api/organizations/{organization.OrganizationId}/{path}";
            using (var asOther = await Admin.SendAsync(HttpMethod.Get, url, other.AccessToken, null, CancellationToken))
            {
                Assert.True(asOther.StatusCode == HttpStatusCode.NotFound, $"{path} as another organization's admin: {asOther.StatusCode}");
            }

            using (var asMember = await Admin.SendAsync(HttpMethod.Get, url, member, null, CancellationToken))
            {
                Assert.True(asMember.StatusCode == HttpStatusCode.Forbidden, $"{path} as a member: {asMember.StatusCode}");
            }

            using var anonymous = await Admin.SendAsync(HttpMethod.Get, url, null, null, CancellationToken);
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        // Another organization's admin cannot read this organization's account through their own organization either.
        using var crossed = await Admin.SendAsync(HttpMethod.Get, $"/api/organizations/{other.OrganizationId}/accounts/{memberId}", other.AccessToken, null, CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, crossed.StatusCode);
    }
}
