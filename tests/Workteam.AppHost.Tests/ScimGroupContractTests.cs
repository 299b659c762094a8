using System.Net;
using System.Text.Json;

namespace Workteam.AppHost.Tests;

/// <summary>The literal group requests of the Entra contract (§5.2, §6) and the validator's group tests (§8).</summary>
[Collection(SharedAppHostCollection.Name)]
public sealed class ScimGroupContractTests(SharedAppHost shared)
{
    private readonly HttpClient _gateway = shared.Host.CreateGatewayClient();
    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Create_read_without_members_query_rename_and_delete_a_group_as_in_the_contract()
    {
        var scim = await ScimClient.ForNewOrganizationAsync(_gateway, CancellationToken);

        var created = await scim.PostAsync("/Groups", """
            {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group", "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"],
            "externalId": "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159", "displayName": "displayName", "meta": {"resourceType": "Group"}}
            """, CancellationToken);
        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal(0, created.Body.GetProperty("members").GetArrayLength());
        Assert.Equal("8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159", created.Body.GetProperty("externalId").GetString());
        Assert.Equal(created.Headers.Location?.ToString(), created.Body.GetProperty("meta").GetProperty("location").GetString());
        var id = created.Id;

        var withoutMembers = await scim.GetAsync($"/Groups/{id}?excludedAttributes=members", CancellationToken);
        Assert.Equal(HttpStatusCode.OK, withoutMembers.Status);
        Assert.False(withoutMembers.Body.TryGetProperty("members", out _));
        Assert.Equal("displayName", withoutMembers.Body.GetProperty("displayName").GetString());

        var query = await scim.GetAsync("/Groups?excludedAttributes=members&filter=displayName eq \"displayName\"", CancellationToken);
        Assert.Equal(1, query.Body.GetProperty("totalResults").GetInt32());
        Assert.False(query.Body.GetProperty("Resources")[0].TryGetProperty("members", out _));
        Assert.Equal(1, (await scim.GetAsync("/Groups?filter=displayName eq \"DISPLAYNAME\"", CancellationToken)).Body.GetProperty("totalResults").GetInt32());
        Assert.Equal(0, (await scim.GetAsync("/Groups?filter=displayName eq \"nope\"", CancellationToken)).Body.GetProperty("totalResults").GetInt32());

        var renamed = await scim.PatchAsync($"/Groups/{id}", """
            {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{"op": "Replace", "path": "displayName",
            "value": "1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName"}]}
            """, CancellationToken);
        Assert.Equal(HttpStatusCode.NoContent, renamed.Status);
        Assert.Equal("1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName", (await scim.GetAsync($"/Groups/{id}", CancellationToken)).Body.GetProperty("displayName").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await scim.DeleteAsync($"/Groups/{id}", CancellationToken)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await scim.GetAsync($"/Groups/{id}", CancellationToken)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await scim.DeleteAsync($"/Groups/{id}", CancellationToken)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await scim.DeleteAsync($"/Groups/{Guid.NewGuid()}", CancellationToken)).Status);
    }

    [Fact]
    public async Task Members_are_added_and_removed_in_both_dialects_and_remove_by_value_array_removes_only_those()
    {
        var scim = await ScimClient.ForNewOrganizationAsync(_gateway, CancellationToken);
        var group = await scim.CreateGroupAsync(CancellationToken);
        var users = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            users.Add(await scim.CreateUserAsync(CancellationToken));
        }

        foreach (var user in users)
        {
            var added = await scim.PatchAsync($"/Groups/{group}", $$"""
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{"op": "Add", "path": "members", "value": [{"$ref": null, "value": "{{user}}"}]}]}
                """, CancellationToken);
            Assert.Equal(HttpStatusCode.NoContent, added.Status);
        }

        var again = await scim.PatchAsync($"/Groups/{group}", $$"""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Add","path":"members","value":[{"value":"{{users[0]}}"}]}]}""", CancellationToken);
        Assert.Equal(HttpStatusCode.NoContent, again.Status);
        Assert.Equal(4, await MemberCountAsync(scim, group));
        Assert.Equal(1, (await scim.GetAsync($"/Groups?filter=id eq \"{group}\" and members eq \"{users[2]}\"&excludedAttributes=members", CancellationToken)).Body.GetProperty("totalResults").GetInt32());

        var legacyRemove = await scim.PatchAsync($"/Groups/{group}", $$"""
            {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{"op": "Remove", "path": "members", "value": [{"$ref": null, "value": "{{users[0]}}"}]}]}
            """, CancellationToken);
        Assert.Equal(HttpStatusCode.NoContent, legacyRemove.Status);
        Assert.Equal(3, await MemberCountAsync(scim, group));

        var flaggedRemove = await scim.PatchAsync($"/Groups/{group}", $$"""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"remove","path":"members[value eq \"{{users[1]}}\"]"}]}""", CancellationToken);
        Assert.Equal(HttpStatusCode.NoContent, flaggedRemove.Status);
        var members = (await scim.GetAsync($"/Groups/{group}", CancellationToken)).Body.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("value").GetString()).Order().ToList();
        Assert.Equal(users.Skip(2).Order(), members);
        Assert.Equal(0, (await scim.GetAsync($"/Groups?filter=id eq \"{group}\" and members eq \"{users[1]}\"", CancellationToken)).Body.GetProperty("totalResults").GetInt32());

        var member = (await scim.GetAsync($"/Users/{users[2]}", CancellationToken)).Body;
        Assert.Equal(group, member.GetProperty("groups")[0].GetProperty("value").GetString());
    }

    [Fact]
    public async Task The_validators_group_patches_work_and_deleting_a_user_removes_them_from_every_group()
    {
        var scim = await ScimClient.ForNewOrganizationAsync(_gateway, CancellationToken);
        var group = await scim.CreateGroupAsync(CancellationToken, "Validators");
        var user = await scim.CreateUserAsync(CancellationToken);
        var other = await scim.CreateUserAsync(CancellationToken);

        Assert.Equal(HttpStatusCode.NoContent, (await scim.PatchAsync($"/Groups/{group}", """{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"externalId":"ext-1"}}]}""", CancellationToken)).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await scim.PatchAsync($"/Groups/{group}", """{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"displayName":"Validators Renamed"}}]}""", CancellationToken)).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await scim.PatchAsync($"/Groups/{group}", $$"""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"members","value":[{"value":"{{user}}"},{"value":"{{other}}"}]}]}""", CancellationToken)).Status);

        var sameAttribute = await scim.PatchAsync($"/Groups/{group}?attributes=displayName,members", $$"""
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
             {"op":"add","path":"members","value":[{"value":"{{user}}"}]},{"op":"remove","path":"members[value eq \"{{user}}\"]"}]}
            """, CancellationToken);
        Assert.Equal(HttpStatusCode.OK, sameAttribute.Status);
        Assert.Equal("Validators Renamed", sameAttribute.Body.GetProperty("displayName").GetString());
        Assert.Equal([other], sameAttribute.Body.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("value").GetString()));
        Assert.Equal("ext-1", (await scim.GetAsync($"/Groups/{group}", CancellationToken)).Body.GetProperty("externalId").GetString());

        var duplicate = await scim.PostAsync("/Groups", """{"displayName":"VALIDATORS renamed"}""", CancellationToken);
        Assert.Equal(HttpStatusCode.Conflict, duplicate.Status);
        Assert.Equal("uniqueness", duplicate.ScimType);

        Assert.Equal(HttpStatusCode.NoContent, (await scim.DeleteAsync($"/Users/{other}", CancellationToken)).Status);
        Assert.Equal(0, await MemberCountAsync(scim, group));
    }

    [Theory]
    [InlineData("a new id")]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    public async Task A_member_that_is_not_a_user_of_the_organization_is_refused_and_nothing_changes(string member)
    {
        var scim = await ScimClient.ForNewOrganizationAsync(_gateway, CancellationToken);
        var group = await scim.CreateGroupAsync(CancellationToken);
        var user = await scim.CreateUserAsync(CancellationToken);
        var notAUser = member == "a new id" ? Guid.NewGuid().ToString() : member;

        var refused = await scim.PatchAsync($"/Groups/{group}", $$"""
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
             {"op":"add","path":"members","value":[{"value":"{{user}}"}]},{"op":"add","path":"members","value":[{"value":"{{notAUser}}"}]}]}
            """, CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal("invalidValue", refused.ScimType);
        Assert.Equal(0, await MemberCountAsync(scim, group));
    }

    [Fact]
    public async Task A_page_of_groups_shows_each_group_as_reading_it_alone_does_with_or_without_attributes()
    {
        var scim = await ScimClient.ForNewOrganizationAsync(_gateway, CancellationToken);
        var group = await scim.CreateGroupAsync(CancellationToken, "Page Readers");
        var users = new[] { await scim.CreateUserAsync(CancellationToken), await scim.CreateUserAsync(CancellationToken) };
        Assert.Equal(HttpStatusCode.NoContent, (await scim.PatchAsync($"/Groups/{group}", $$"""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"add","path":"members","value":[{"value":"{{users[0]}}"},{"value":"{{users[1]}}"}]}]}""", CancellationToken)).Status);

        var alone = (await scim.GetAsync($"/Groups/{group}", CancellationToken)).Body;
        var page = (await scim.GetAsync($"/Groups?filter=id eq \"{group}\"", CancellationToken)).Body.GetProperty("Resources")[0];
        var projected = (await scim.GetAsync($"/Groups?filter=id eq \"{group}\"&attributes=displayName,members", CancellationToken)).Body.GetProperty("Resources")[0];

        Assert.True(JsonElement.DeepEquals(alone, page), $"{alone}\n{page}");
        var members = page.GetProperty("members").EnumerateArray().ToList();
        Assert.Equal(users.Order(), members.Select(m => m.GetProperty("value").GetString()).Order());
        Assert.All(members, m => Assert.EndsWith($"/Users/{m.GetProperty("value").GetString()}", m.GetProperty("$ref").GetString()));
        Assert.All(members, m => Assert.Equal("User", m.GetProperty("type").GetString()));
        Assert.Equal(page.GetProperty("members").ToString(), projected.GetProperty("members").ToString());
        Assert.Equal("Page Readers", projected.GetProperty("displayName").GetString());
        Assert.False(projected.TryGetProperty("meta", out _));
    }

    private static async Task<int> MemberCountAsync(ScimClient scim, string group)
    {
        var fetched = await scim.GetAsync($"/Groups/{group}", CancellationToken);
        Assert.Equal(HttpStatusCode.OK, fetched.Status);
        return fetched.Body.TryGetProperty("members", out var members) ? members.GetArrayLength() : 0;
    }
}
