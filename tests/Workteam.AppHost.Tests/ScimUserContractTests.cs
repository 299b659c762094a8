using System.Net;
using System.Text.Json;

namespace Workteam.AppHost.Tests;

/// <summary>
/// The literal user requests of the Entra contract (entra-scim.md §5.1, §5.3, §6), in both PATCH dialects,
/// replayed through the gateway against real PostgreSQL. The doc's sample ids are replaced by real ones.
/// </summary>
[Collection(SharedAppHostCollection.Name)]
public sealed class ScimUserContractTests(SharedAppHost shared)
{
    private const string Enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    private readonly HttpClient _gateway = shared.Host.CreateGatewayClient();
    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    private const string CreateUserBody = """
        {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
        "externalId": "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef", "userName": "Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee", "active": true,
        "emails": [{"primary": true, "type": "work", "value": "Test_User_11bb11bb-cc22-dd33-ee44-55ff55ff55ff@testuser.com"}],
        "meta": {"resourceType": "User"}, "name": {"formatted": "givenName familyName", "familyName": "familyName", "givenName": "givenName"}, "roles": []}
        """;

    [Fact]
    public async Task Create_get_query_and_delete_a_user_as_in_the_contract()
    {
        var scim = await ScimClient.ForNewOrganizationAsync(_gateway, CancellationToken);

        var created = await scim.PostAsync("/Users", CreateUserBody, CancellationToken);
        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal("application/scim+json", created.MediaType);
        var id = created.Id;
        Assert.True(Guid.TryParse(id, out _));
        Assert.Equal($"{scim.BaseUrl}/Users/{id}", created.Headers.Location?.ToString());
        Assert.Equal(created.Headers.Location?.ToString(), created.Body.GetProperty("meta").GetProperty("location").GetString());
        Assert.Equal(created.Headers.ETag?.ToString(), created.Body.GetProperty("meta").GetProperty("version").GetString());
        Assert.Equal("User", created.Body.GetProperty("meta").GetProperty("resourceType").GetString());
        Assert.Equal(JsonValueKind.True, created.Body.GetProperty("active").ValueKind);
        Assert.Equal(JsonValueKind.True, created.Body.GetProperty("emails")[0].GetProperty("primary").ValueKind);
        Assert.Equal("0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef", created.Body.GetProperty("externalId").GetString());
        Assert.Equal("familyName", created.Body.GetProperty("name").GetProperty("familyName").GetString());

        var fetched = await scim.GetAsync($"/Users/{id}", CancellationToken);
        Assert.Equal(HttpStatusCode.OK, fetched.Status);
        Assert.Equal("Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee", fetched.Body.GetProperty("userName").GetString());

        var query = await scim.GetAsync("/Users?filter=userName eq \"Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee\"", CancellationToken);
        Assert.Equal(HttpStatusCode.OK, query.Status);
        Assert.Equal(1, query.Body.GetProperty("totalResults").GetInt32());
        Assert.Equal(id, query.Body.GetProperty("Resources")[0].GetProperty("id").GetString());
        Assert.Equal(1, query.Body.GetProperty("startIndex").GetInt32());

        var none = await scim.GetAsync("/Users?filter=userName eq \"non-existent user\"", CancellationToken);
        Assert.Equal(HttpStatusCode.OK, none.Status);
        Assert.Equal(0, none.Body.GetProperty("totalResults").GetInt32());
        Assert.Equal(0, none.Body.GetProperty("Resources").GetArrayLength());

        Assert.Equal(HttpStatusCode.NoContent, (await scim.DeleteAsync($"/Users/{id}", CancellationToken)).Status);
        foreach (var after in new[]
        {
            await scim.GetAsync($"/Users/{id}", CancellationToken),
            await scim.PatchAsync($"/Users/{id}", """{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","path":"active","value":false}]}""", CancellationToken),
            await scim.SendAsync(HttpMethod.Put, $"/Users/{id}", CreateUserBody, CancellationToken),
            await scim.DeleteAsync($"/Users/{id}", CancellationToken),
        })
        {
            Assert.Equal(HttpStatusCode.NotFound, after.Status);
            Assert.Equal("application/scim+json", after.MediaType);
            Assert.Equal("404", after.Body.GetProperty("status").GetString());
        }

        Assert.Equal(0, (await scim.GetAsync("/Users?filter=userName eq \"Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee\"", CancellationToken)).Body.GetProperty("totalResults").GetInt32());
    }

    [Fact]
    public async Task A_duplicate_user_name_in_any_case_is_a_409_uniqueness_and_case_insensitive_filters_find_the_user()
    {
        var scim = await ScimClient.ForNewOrganizationAsync(_gateway, CancellationToken);
        await scim.CreateUserAsync(CancellationToken, "Ada.Lovelace@Contoso.test");

        var duplicate = await scim.PostAsync("/Users", """{"userName":"ada.lovelace@contoso.TEST"}""", CancellationToken);
        Assert.Equal(HttpStatusCode.Conflict, duplicate.Status);
        Assert.Equal("uniqueness", duplicate.ScimType);
        Assert.Equal("409", duplicate.Body.GetProperty("status").GetString());

        var differentCase = await scim.GetAsync("/Users?filter=USERNAME Eq \"ADA.LOVELACE@CONTOSO.TEST\"", CancellationToken);
        Assert.Equal(1, differentCase.Body.GetProperty("totalResults").GetInt32());
    }

    [Theory]
    [InlineData("""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","path":"active","value":"False"}]}""")]
    [InlineData("""{"Operations": [{"op": "Replace", "path": "active", "value": false}], "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"]}""")]
    [InlineData("""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"active","value":false}]}""")]
    public async Task Disabling_in_either_dialect_keeps_the_user_visible_with_a_real_false(string disable)
    {
        var scim = await ScimClient.ForNewOrganizationAsync(_gateway, CancellationToken);
        var id = await scim.CreateUserAsync(CancellationToken, "disabled@contoso.test");

        var patched = await scim.PatchAsync($"/Users/{id}", disable, CancellationToken);

        Assert.Equal(HttpStatusCode.OK, patched.Status);
        Assert.Equal(JsonValueKind.False, patched.Body.GetProperty("active").ValueKind);
        Assert.Equal(JsonValueKind.False, (await scim.GetAsync($"/Users/{id}", CancellationToken)).Body.GetProperty("active").ValueKind);
        var filtered = await scim.GetAsync("/Users?filter=userName eq \"disabled@contoso.test\"", CancellationToken);
        Assert.Equal(JsonValueKind.False, filtered.Body.GetProperty("Resources")[0].GetProperty("active").ValueKind);
        Assert.Equal(1, (await scim.GetAsync("/Users?filter=active eq false", CancellationToken)).Body.GetProperty("totalResults").GetInt32());
    }

    [Fact]
    public async Task Multi_valued_and_single_valued_updates_as_in_the_contract()
    {
        var scim = await ScimClient.ForNewOrganizationAsync(_gateway, CancellationToken);
        var id = (await scim.PostAsync("/Users", CreateUserBody, CancellationToken)).Id;

        var multi = await scim.PatchAsync($"/Users/{id}", """
            {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{"op": "Replace", "path": "emails[type eq \"work\"].value",
            "value": "updatedEmail@microsoft.com"}, {"op": "Replace", "path": "name.familyName", "value": "updatedFamilyName"}]}
            """, CancellationToken);
        Assert.Equal(HttpStatusCode.OK, multi.Status);
        Assert.Equal("updatedEmail@microsoft.com", multi.Body.GetProperty("emails")[0].GetProperty("value").GetString());
        Assert.Equal("work", multi.Body.GetProperty("emails")[0].GetProperty("type").GetString());
        Assert.Equal(1, multi.Body.GetProperty("emails").GetArrayLength());
        Assert.Equal("updatedFamilyName", multi.Body.GetProperty("name").GetProperty("familyName").GetString());
        Assert.Equal("givenName", multi.Body.GetProperty("name").GetProperty("givenName").GetString());

        var byEmail = await scim.GetAsync("/Users?filter=emails[type eq \"work\"].value eq \"UPDATEDEMAIL@microsoft.com\"", CancellationToken);
        Assert.Equal(id, byEmail.Body.GetProperty("Resources")[0].GetProperty("id").GetString());

        var single = await scim.PatchAsync($"/Users/{id}", """
            {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{"op": "Replace", "path": "userName",
            "value": "5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com"}]}
            """, CancellationToken);
        Assert.Equal("5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com", single.Body.GetProperty("userName").GetString());
        Assert.Equal(0, (await scim.GetAsync("/Users?filter=userName eq \"Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee\"", CancellationToken)).Body.GetProperty("totalResults").GetInt32());
    }

    [Fact]
    public async Task The_build_tutorials_requests_work_unquoted_filter_typo_urn_nulls_and_the_manager_reference_check()
    {
        var scim = await ScimClient.ForNewOrganizationAsync(_gateway, CancellationToken);
        var created = await scim.PostAsync("/Users", """
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0User"],
             "externalId":"jyoung","userName":"jyoung@testuser.com","active":true,"addresses":null,"displayName":"Joy Young",
             "emails":[{"type":"work","value":"jyoung@Contoso.com","primary":true}],"meta":{"resourceType":"User"},
             "name":{"familyName":"Young","givenName":"Joy"},"phoneNumbers":null,"preferredLanguage":null,"title":null,
             "department":null,"manager":null}
            """, CancellationToken);
        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.False(created.Body.TryGetProperty("addresses", out _));
        Assert.False(created.Body.TryGetProperty("title", out _));

        var byExternalId = await scim.GetAsync("/Users?filter=externalId eq jyoung", CancellationToken);
        Assert.Equal(created.Id, byExternalId.Body.GetProperty("Resources")[0].GetProperty("id").GetString());
        Assert.Equal(0, (await scim.GetAsync("/Users?filter=externalId eq \"JYOUNG\"", CancellationToken)).Body.GetProperty("totalResults").GetInt32());

        var managerId = await scim.CreateUserAsync(CancellationToken, "boss@testuser.com", ",\"displayName\":\"The Boss\"");
        var referenceCheck = $"/Users?filter=id eq {created.Id} and manager eq {managerId}&attributes=id";
        Assert.Equal(0, (await scim.GetAsync(referenceCheck, CancellationToken)).Body.GetProperty("totalResults").GetInt32());

        var setManager = await scim.PatchAsync($"/Users/{created.Id}", $$"""
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
             "Operations":[{"op":"Add","path":"manager","value":[{"$ref":"http://example.test/scim/Users/{{managerId}}","value":"{{managerId}}"}]}]}
            """, CancellationToken);
        Assert.Equal(HttpStatusCode.OK, setManager.Status);
        var manager = setManager.Body.GetProperty(Enterprise).GetProperty("manager");
        Assert.Equal(managerId, manager.GetProperty("value").GetString());
        Assert.Equal("The Boss", manager.GetProperty("displayName").GetString());
        Assert.Equal($"{scim.BaseUrl}/Users/{managerId}", manager.GetProperty("$ref").GetString());

        var found = await scim.GetAsync(referenceCheck.Replace("id eq", "ID eq"), CancellationToken);
        Assert.Equal(1, found.Body.GetProperty("totalResults").GetInt32());
        var onlyId = found.Body.GetProperty("Resources")[0];
        Assert.Equal(created.Id, onlyId.GetProperty("id").GetString());
        Assert.False(onlyId.TryGetProperty("userName", out _));
    }

    [Theory]
    [InlineData("""{"op":"Replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":{"value":"MANAGER"}}""")]
    [InlineData("""{"op":"replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":"MANAGER"}""")]
    [InlineData("""{"op":"add","path":"manager","value":"MANAGER"}""")]
    public async Task Manager_set_in_any_shape_and_cleared_by_empty_values_or_remove(string set)
    {
        var scim = await ScimClient.ForNewOrganizationAsync(_gateway, CancellationToken);
        var managerId = await scim.CreateUserAsync(CancellationToken);
        var id = await scim.CreateUserAsync(CancellationToken);
        string Patch(string operation) => $$"""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{{operation.Replace("MANAGER", managerId)}}]}""";

        foreach (var clear in new[]
        {
            """{"op":"replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":""}""",
            """{"op":"Replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":{"value":""}}""",
            """{"op":"remove","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager"}""",
        })
        {
            var withManager = await scim.PatchAsync($"/Users/{id}", Patch(set), CancellationToken);
            Assert.Equal(managerId, withManager.Body.GetProperty(Enterprise).GetProperty("manager").GetProperty("value").GetString());

            var cleared = await scim.PatchAsync($"/Users/{id}", Patch(clear), CancellationToken);
            Assert.Equal(HttpStatusCode.OK, cleared.Status);
            Assert.False(cleared.Body.TryGetProperty(Enterprise, out var enterprise) && enterprise.TryGetProperty("manager", out _), cleared.Text);
        }
    }

    [Fact]
    public async Task Adding_a_single_value_and_replacing_many_attributes_work_in_both_dialects()
    {
        var scim = await ScimClient.ForNewOrganizationAsync(_gateway, CancellationToken);
        var id = (await scim.PostAsync("/Users", CreateUserBody, CancellationToken)).Id;

        Assert.Equal("Babs", (await scim.PatchAsync($"/Users/{id}", """{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Add","path":"nickName","value":"Babs"}]}""", CancellationToken)).Body.GetProperty("nickName").GetString());
        Assert.Equal("Bibi", (await scim.PatchAsync($"/Users/{id}", """{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"add","path":"nickName","value":"Bibi"}]}""", CancellationToken)).Body.GetProperty("nickName").GetString());

        var legacy = await scim.PatchAsync($"/Users/{id}", """
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
             {"op":"Replace","path":"displayName","value":"Pvlo"},
             {"op":"Replace","path":"emails[type eq \"work\"].value","value":"TestBcwqnm@test.microsoft.com"},
             {"op":"Replace","path":"name.givenName","value":"Gtfd"},
             {"op":"Replace","path":"name.familyName","value":"Pkqf"},
             {"op":"Replace","path":"externalId","value":"Eqpj"},
             {"op":"Replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber","value":"Eqpj"}]}
            """, CancellationToken);
        Assert.Equal(HttpStatusCode.OK, legacy.Status);
        Assert.Equal(("Pvlo", "Gtfd", "Pkqf", "Eqpj", "Eqpj", "TestBcwqnm@test.microsoft.com"), Summary(legacy.Body));

        var flagged = await scim.PatchAsync($"/Users/{id}", """
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
             {"op":"replace","path":"emails[type eq \"work\"].value","value":"TestMhvaes@test.microsoft.com"},
             {"op":"replace","value":{"displayName":"Bjfe","name.givenName":"Kkom","name.familyName":"Unua",
               "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber":"Aklq"}}]}
            """, CancellationToken);
        Assert.Equal(HttpStatusCode.OK, flagged.Status);
        Assert.Equal(("Bjfe", "Kkom", "Unua", "Eqpj", "Aklq", "TestMhvaes@test.microsoft.com"), Summary(flagged.Body));
    }

    [Fact]
    public async Task Roles_arrive_as_json_encoded_strings_or_objects_and_come_back_as_objects()
    {
        var scim = await ScimClient.ForNewOrganizationAsync(_gateway, CancellationToken);
        var id = await scim.CreateUserAsync(CancellationToken, extra: ""","roles":[{"primary":"True","type":"WindowsAzureActiveDirectoryRole","value":"Admin"}]""");
        Assert.Equal(JsonValueKind.True, (await scim.GetAsync($"/Users/{id}", CancellationToken)).Body.GetProperty("roles")[0].GetProperty("primary").ValueKind);

        var encoded = await scim.PatchAsync($"/Users/{id}", """
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Add","path":"roles","value":[{"value":"{\"id\":\"06b07648-ecfe-589f-9d2f-6325724a46ee\",\"value\":\"25\",\"displayName\":\"Role1234\"}"}]}]}
            """, CancellationToken);
        Assert.Equal(HttpStatusCode.OK, encoded.Status);
        Assert.Contains(encoded.Body.GetProperty("roles").EnumerateArray(), r => r.GetProperty("value").GetString() == "25" && r.GetProperty("display").GetString() == "Role1234");

        var assertive = await scim.PatchAsync($"/Users/{id}", """
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"roles","value":[{"primary":false,"type":"WindowsAzureActiveDirectoryRole","display":"User","value":"User"}]}]}
            """, CancellationToken);
        var roles = assertive.Body.GetProperty("roles");
        Assert.Equal(1, roles.GetArrayLength());
        Assert.Equal("User", roles[0].GetProperty("value").GetString());
        Assert.Equal(JsonValueKind.False, roles[0].GetProperty("primary").ValueKind);
    }

    [Fact]
    public async Task Etags_give_412_on_a_stale_if_match_and_304_on_a_matching_if_none_match()
    {
        var scim = await ScimClient.ForNewOrganizationAsync(_gateway, CancellationToken);
        var created = await scim.PostAsync("/Users", """{"userName":"etag@contoso.test"}""", CancellationToken);
        var etag = created.Headers.ETag!.ToString();
        Assert.StartsWith("W/\"", etag);

        var notModified = await scim.SendAsync(HttpMethod.Get, $"/Users/{created.Id}", null, CancellationToken, r => r.Headers.TryAddWithoutValidation("If-None-Match", etag));
        Assert.Equal(HttpStatusCode.NotModified, notModified.Status);

        const string Disable = """{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"active","value":false}]}""";
        var changed = await scim.SendAsync(HttpMethod.Patch, $"/Users/{created.Id}", Disable, CancellationToken, r => r.Headers.TryAddWithoutValidation("If-Match", etag));
        Assert.Equal(HttpStatusCode.OK, changed.Status);
        Assert.NotEqual(etag, changed.Headers.ETag!.ToString());

        var stale = await scim.SendAsync(HttpMethod.Patch, $"/Users/{created.Id}", Disable.Replace("false", "true"), CancellationToken, r => r.Headers.TryAddWithoutValidation("If-Match", etag));
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.Status);
        Assert.Equal("412", stale.Body.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.False, (await scim.GetAsync($"/Users/{created.Id}", CancellationToken)).Body.GetProperty("active").ValueKind);
    }

    [Fact]
    public async Task Paging_sorting_and_count_zero_follow_rfc_7644()
    {
        var scim = await ScimClient.ForNewOrganizationAsync(_gateway, CancellationToken);
        foreach (var name in new[] { "carol", "alice", "erin", "bob", "dave", "frank", "grace" })
        {
            await scim.CreateUserAsync(CancellationToken, $"{name}@contoso.test");
        }

        var second = await scim.GetAsync("/Users?sortBy=userName&startIndex=3&count=2", CancellationToken);
        Assert.Equal(7, second.Body.GetProperty("totalResults").GetInt32());
        Assert.Equal(3, second.Body.GetProperty("startIndex").GetInt32());
        Assert.Equal(2, second.Body.GetProperty("itemsPerPage").GetInt32());
        Assert.Equal(["carol@contoso.test", "dave@contoso.test"], second.Body.GetProperty("Resources").EnumerateArray().Select(u => u.GetProperty("userName").GetString()));

        var descending = await scim.GetAsync("/Users?sortBy=userName&sortOrder=descending&count=1", CancellationToken);
        Assert.Equal("grace@contoso.test", descending.Body.GetProperty("Resources")[0].GetProperty("userName").GetString());

        var countOnly = await scim.GetAsync("/Users?count=0", CancellationToken);
        Assert.Equal(7, countOnly.Body.GetProperty("totalResults").GetInt32());
        Assert.Equal(0, countOnly.Body.GetProperty("Resources").GetArrayLength());

        var filtered = await scim.GetAsync("/Users?filter=userName sw \"A\" or (userName co \"RAC\" and not (userName ew \"l.test\"))&sortBy=userName", CancellationToken);
        Assert.Equal(["alice@contoso.test", "grace@contoso.test"], filtered.Body.GetProperty("Resources").EnumerateArray().Select(u => u.GetProperty("userName").GetString()));
    }

    private static (string?, string?, string?, string?, string?, string?) Summary(JsonElement user) => (
        user.GetProperty("displayName").GetString(),
        user.GetProperty("name").GetProperty("givenName").GetString(),
        user.GetProperty("name").GetProperty("familyName").GetString(),
        user.GetProperty("externalId").GetString(),
        user.GetProperty(Enterprise).GetProperty("employeeNumber").GetString(),
        user.GetProperty("emails").EnumerateArray().Single(e => e.GetProperty("type").GetString() == "work").GetProperty("value").GetString());
}
