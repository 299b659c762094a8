using System.Net;

namespace Workteam.AppHost.Tests;

/// <summary>
/// One organization's SCIM token reaches only that organization's users and groups: another organization's ids
/// name nothing (404), its rows never appear in lists or filters, and they cannot be referenced as members or managers.
/// </summary>
[Collection(SharedAppHostCollection.Name)]
public sealed class ScimTenantIsolationTests(SharedAppHost shared)
{
    private const string PatchOp = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    private readonly HttpClient _gateway = shared.Host.CreateGatewayClient();
    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Another_organizations_token_is_refused_at_the_gateway()
    {
        var a = await ScimClient.ForNewOrganizationAsync(_gateway, CancellationToken);
        var b = await ScimClient.ForNewOrganizationAsync(_gateway, CancellationToken);
        var bOnA = b.WithBaseUrl(a.BaseUrl);

        foreach (var path in new[] { "/Users", "/Groups", $"/Users/{Guid.NewGuid()}" })
        {
            var refused = await bOnA.GetAsync(path, CancellationToken);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);
            Assert.Equal("application/scim+json", refused.MediaType);
            Assert.Equal("401", refused.Body.GetProperty("status").GetString());
        }
    }

    [Fact]
    public async Task Another_organizations_user_and_group_ids_are_not_found_for_any_method_and_stay_unchanged()
    {
        var a = await ScimClient.ForNewOrganizationAsync(_gateway, CancellationToken);
        var b = await ScimClient.ForNewOrganizationAsync(_gateway, CancellationToken);
        var userA = await a.CreateUserAsync(CancellationToken);
        var groupA = await a.CreateGroupAsync(CancellationToken);
        Assert.Equal(HttpStatusCode.NoContent, (await a.PatchAsync($"/Groups/{groupA}", MemberPatch("add", userA), CancellationToken)).Status);
        var userBefore = (await a.GetAsync($"/Users/{userA}", CancellationToken)).Text;
        var groupBefore = (await a.GetAsync($"/Groups/{groupA}", CancellationToken)).Text;

        var attempts = new[]
        {
            await b.GetAsync($"/Users/{userA}", CancellationToken),
            await b.SendAsync(HttpMethod.Put, $"/Users/{userA}", """{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"taken@b.test","active":false}""", CancellationToken),
            await b.PatchAsync($"/Users/{userA}", $$"""{"schemas":["{{PatchOp}}"],"Operations":[{"op":"replace","path":"active","value":false}]}""", CancellationToken),
            await b.GetAsync($"/Groups/{groupA}", CancellationToken),
            await b.SendAsync(HttpMethod.Put, $"/Groups/{groupA}", """{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"taken","members":[]}""", CancellationToken),
            await b.PatchAsync($"/Groups/{groupA}", MemberPatch("remove", userA), CancellationToken),
            await b.PatchAsync($"/Groups/{groupA}", $$"""{"schemas":["{{PatchOp}}"],"Operations":[{"op":"replace","path":"displayName","value":"taken"}]}""", CancellationToken),
            await b.DeleteAsync($"/Groups/{groupA}", CancellationToken),
            await b.DeleteAsync($"/Users/{userA}", CancellationToken),
        };

        Assert.All(attempts, r =>
        {
            Assert.True(r.Status == HttpStatusCode.NotFound, r.ToString());
            Assert.Equal("application/scim+json", r.MediaType);
        });
        Assert.Equal(userBefore, (await a.GetAsync($"/Users/{userA}", CancellationToken)).Text);
        Assert.Equal(groupBefore, (await a.GetAsync($"/Groups/{groupA}", CancellationToken)).Text);
    }

    [Fact]
    public async Task Lists_and_filters_never_return_another_organizations_rows()
    {
        var a = await ScimClient.ForNewOrganizationAsync(_gateway, CancellationToken);
        var b = await ScimClient.ForNewOrganizationAsync(_gateway, CancellationToken);
        var userNameA = $"only-in-a-{Guid.NewGuid():N}@contoso.test";
        var userA = await a.CreateUserAsync(CancellationToken, userNameA, ",\"externalId\":\"shared-external-id\"");
        var groupA = await a.CreateGroupAsync(CancellationToken, "Shared Name");
        var userB = await b.CreateUserAsync(CancellationToken, extra: ",\"externalId\":\"shared-external-id\"");
        var groupB = await b.CreateGroupAsync(CancellationToken, "Shared Name");

        Assert.Empty(await IdsAsync(b, $"/Users?filter=userName eq \"{userNameA}\""));
        Assert.Empty(await IdsAsync(b, $"/Users?filter=id eq \"{userA}\""));
        Assert.Empty(await IdsAsync(b, $"/Groups?filter=id eq \"{groupA}\""));
        Assert.Empty(await IdsAsync(b, $"/Groups?filter=members eq \"{userA}\""));
        Assert.Equal([userB], await IdsAsync(b, "/Users?filter=externalId eq \"shared-external-id\""));
        Assert.Equal([userB], await IdsAsync(b, $"/Users?filter=id eq \"{userA}\" or id eq \"{userB}\""));
        Assert.Equal([userB], await IdsAsync(b, "/Users?filter=userName pr"));
        Assert.Equal([userB], await IdsAsync(b, "/Users"));
        Assert.Equal([userB], await IdsAsync(b, "/Users?startIndex=1&count=200&sortBy=userName"));
        Assert.Equal([groupB], await IdsAsync(b, "/Groups?filter=displayName eq \"Shared Name\""));
        Assert.Equal([groupB], await IdsAsync(b, "/Groups?excludedAttributes=members"));
        Assert.Equal([userA], await IdsAsync(a, $"/Users?filter=userName eq \"{userNameA}\""));
    }

    [Fact]
    public async Task Another_organizations_user_cannot_become_a_member_or_a_manager()
    {
        var a = await ScimClient.ForNewOrganizationAsync(_gateway, CancellationToken);
        var b = await ScimClient.ForNewOrganizationAsync(_gateway, CancellationToken);
        var userA = await a.CreateUserAsync(CancellationToken);
        var userB = await b.CreateUserAsync(CancellationToken);
        var groupB = await b.CreateGroupAsync(CancellationToken);
        Assert.Equal(HttpStatusCode.NoContent, (await b.PatchAsync($"/Groups/{groupB}", MemberPatch("add", userB), CancellationToken)).Status);
        var groupBefore = (await b.GetAsync($"/Groups/{groupB}", CancellationToken)).Text;
        var userBefore = (await b.GetAsync($"/Users/{userB}", CancellationToken)).Text;

        var refused = new[]
        {
            await b.PatchAsync($"/Groups/{groupB}", MemberPatch("add", userA), CancellationToken),
            await b.PatchAsync($"/Groups/{groupB}", $$"""{"schemas":["{{PatchOp}}"],"Operations":[{"op":"replace","path":"members","value":[{"value":"{{userA}}"}]}]}""", CancellationToken),
            await b.SendAsync(HttpMethod.Put, $"/Groups/{groupB}", $$"""{"displayName":"Other","members":[{"value":"{{userB}}"},{"value":"{{userA}}"}]}""", CancellationToken),
            await b.PostAsync("/Groups", $$"""{"displayName":"With A","members":[{"value":"{{userA}}"}]}""", CancellationToken),
            await b.PatchAsync($"/Users/{userB}", ManagerPatch(userA), CancellationToken),
            await b.PatchAsync($"/Users/{userB}", $$"""{"schemas":["{{PatchOp}}"],"Operations":[{"op":"Add","path":"manager","value":[{"$ref":null,"value":"{{userA}}"}]}]}""", CancellationToken),
            await b.PostAsync("/Users", $$$$"""{"userName":"managed@b.test","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"manager":{"value":"{{{{userA}}}}"}}}""", CancellationToken),
        };

        Assert.All(refused, r =>
        {
            Assert.True(r.Status == HttpStatusCode.BadRequest, r.ToString());
            Assert.Equal("invalidValue", r.ScimType);
        });
        Assert.Equal(groupBefore, (await b.GetAsync($"/Groups/{groupB}", CancellationToken)).Text);
        Assert.Equal(userBefore, (await b.GetAsync($"/Users/{userB}", CancellationToken)).Text);
        Assert.Empty(await IdsAsync(b, "/Groups?filter=displayName eq \"With A\""));
        Assert.Empty(await IdsAsync(b, "/Users?filter=userName eq \"managed@b.test\""));
        Assert.False((await a.GetAsync($"/Users/{userA}", CancellationToken)).Body.TryGetProperty("groups", out var groups) && groups.GetArrayLength() > 0);
    }

    private static string MemberPatch(string op, string user) =>
        $$"""{"schemas":["{{PatchOp}}"],"Operations":[{"op":"{{op}}","path":"members","value":[{"value":"{{user}}"}]}]}""";

    private static string ManagerPatch(string manager) =>
        $$$"""{"schemas":["{{{PatchOp}}}"],"Operations":[{"op":"replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":{"value":"{{{manager}}}"}}]}""";

    private static async Task<List<string>> IdsAsync(ScimClient scim, string query)
    {
        var listed = await scim.GetAsync(query, CancellationToken);
        Assert.True(listed.Status == HttpStatusCode.OK, listed.ToString());
        var ids = listed.Body.GetProperty("Resources").EnumerateArray().Select(r => r.GetProperty("id").GetString()!).ToList();
        Assert.Equal(ids.Count, listed.Body.GetProperty("totalResults").GetInt32());
        return ids;
    }
}
