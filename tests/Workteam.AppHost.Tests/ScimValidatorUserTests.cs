using System.Net;
using System.Text.Json;

namespace Workteam.AppHost.Tests;

/// <summary>The Microsoft SCIM Validator's user tests (entra-scim.md §8) and the gallery's null-update check.</summary>
[Collection(SharedAppHostCollection.Name)]
public sealed class ScimValidatorUserTests(SharedAppHost shared)
{
    private const string Enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    private readonly HttpClient _gateway = shared.Host.CreateGatewayClient();
    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    // The validator fills the core and enterprise attributes, with a string boolean in roles.
    private const string FullUser = """
        {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
         "userName":"USERNAME","active":true,"displayName":"Val Idator","title":"Tester","preferredLanguage":"en-US","locale":"en-US",
         "timezone":"Europe/Amsterdam","nickName":"val","userType":"Employee","profileUrl":"https://example.test/val",
         "name":{"givenName":"Val","familyName":"Idator","formatted":"Val Idator","middleName":"M","honorificPrefix":"Dr","honorificSuffix":"III"},
         "emails":[{"type":"work","value":"val@example.test","primary":true}],
         "phoneNumbers":[{"type":"work","value":"+1 555 0100","primary":true},{"type":"mobile","value":"+1 555 0101"},{"type":"fax","value":"+1 555 0102"}],
         "addresses":[{"type":"work","streetAddress":"1 Main St","locality":"Springfield","region":"IL","postalCode":"62701","country":"US","formatted":"1 Main St","primary":true}],
         "roles":[{"primary":"True","display":"Admin","value":"Admin","type":"WindowsAzureActiveDirectoryRole"}],
         "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"employeeNumber":"701984","costCenter":"4130","organization":"Universal Studios","division":"Theme Park","department":"Tour Operations"}}
        """;

    [Fact]
    public async Task Replace_attributes_verbose_updates_every_attribute_including_value_paths()
    {
        var scim = await ScimClient.ForNewOrganizationAsync(_gateway, CancellationToken);
        var created = await scim.PostAsync("/Users", FullUser.Replace("USERNAME", $"val-{Guid.NewGuid():N}@example.test"), CancellationToken);
        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal(JsonValueKind.True, created.Body.GetProperty("roles")[0].GetProperty("primary").ValueKind);

        var operations = new (string Path, string Value)[]
        {
            ("displayName", "New Name"), ("title", "Lead"), ("preferredLanguage", "nl-NL"), ("locale", "nl-NL"), ("timezone", "America/Chicago"),
            ("nickName", "vv"), ("userType", "Contractor"), ("profileUrl", "https://example.test/vv"),
            ("name.givenName", "Vee"), ("name.familyName", "Eye"), ("name.formatted", "Vee Eye"), ("name.middleName", "N"),
            ("name.honorificPrefix", "Prof"), ("name.honorificSuffix", "IV"),
            ("emails[type eq \\\"work\\\"].value", "vee@example.test"),
            ("phoneNumbers[type eq \\\"work\\\"].value", "+1 555 0200"), ("phoneNumbers[type eq \\\"mobile\\\"].value", "+1 555 0201"),
            ("phoneNumbers[type eq \\\"fax\\\"].value", "+1 555 0202"),
            ("addresses[type eq \\\"work\\\"].streetAddress", "2 Side St"), ("addresses[type eq \\\"work\\\"].locality", "Shelbyville"),
            ("addresses[type eq \\\"work\\\"].region", "KY"), ("addresses[type eq \\\"work\\\"].postalCode", "40065"),
            ("addresses[type eq \\\"work\\\"].country", "CA"), ("addresses[type eq \\\"work\\\"].formatted", "2 Side St"),
            ($"{Enterprise}:employeeNumber", "1"), ($"{Enterprise}:costCenter", "2"), ($"{Enterprise}:organization", "3"),
            ($"{Enterprise}:division", "4"), ($"{Enterprise}:department", "5"),
        };
        var body = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":["
            + string.Join(",", operations.Select(o => $"{{\"op\":\"replace\",\"path\":\"{o.Path}\",\"value\":\"{o.Value}\"}}")) + "]}";

        var patched = await scim.PatchAsync($"/Users/{created.Id}", body, CancellationToken);

        Assert.Equal(HttpStatusCode.OK, patched.Status);
        var user = (await scim.GetAsync($"/Users/{created.Id}", CancellationToken)).Body;
        Assert.Equal("Lead", user.GetProperty("title").GetString());
        Assert.Equal("Eye", user.GetProperty("name").GetProperty("familyName").GetString());
        Assert.Equal("vee@example.test", user.GetProperty("emails")[0].GetProperty("value").GetString());
        Assert.Equal(["+1 555 0200", "+1 555 0201", "+1 555 0202"], user.GetProperty("phoneNumbers").EnumerateArray().Select(p => p.GetProperty("value").GetString()));
        Assert.Equal("Shelbyville", user.GetProperty("addresses")[0].GetProperty("locality").GetString());
        Assert.Equal("5", user.GetProperty(Enterprise).GetProperty("department").GetString());
        Assert.Equal(1, (await scim.GetAsync("/Users?filter=phoneNumbers[type eq \"mobile\" and value eq \"+1 555 0201\"]", CancellationToken)).Body.GetProperty("totalResults").GetInt32());
    }

    [Fact]
    public async Task No_path_user_name_update_multiple_operations_and_deleting_what_is_not_there()
    {
        var scim = await ScimClient.ForNewOrganizationAsync(_gateway, CancellationToken);
        var id = await scim.CreateUserAsync(CancellationToken);
        var newName = $"renamed-{Guid.NewGuid():N}@example.test";

        var renamed = await scim.PatchAsync($"/Users/{id}", $$$"""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"userName":"{{{newName}}}"}}]}""", CancellationToken);
        Assert.Equal(newName, renamed.Body.GetProperty("userName").GetString());

        var different = await scim.PatchAsync($"/Users/{id}", """
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
             {"op":"replace","path":"displayName","value":"One"},{"op":"add","path":"title","value":"Two"},{"op":"replace","path":"active","value":"False"}]}
            """, CancellationToken);
        Assert.Equal(("One", "Two", false), (different.Body.GetProperty("displayName").GetString(), different.Body.GetProperty("title").GetString(), different.Body.GetProperty("active").GetBoolean()));

        var same = await scim.PatchAsync($"/Users/{id}", """
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
             {"op":"replace","path":"displayName","value":"First"},{"op":"replace","path":"displayName","value":"Second"},{"op":"remove","path":"title"}]}
            """, CancellationToken);
        Assert.Equal("Second", same.Body.GetProperty("displayName").GetString());
        Assert.False(same.Body.TryGetProperty("title", out _));

        Assert.Equal(HttpStatusCode.NotFound, (await scim.DeleteAsync($"/Users/{Guid.NewGuid()}", CancellationToken)).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await scim.DeleteAsync($"/Users/{id}", CancellationToken)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await scim.DeleteAsync($"/Users/{id}", CancellationToken)).Status);
    }

    [Fact]
    public async Task Null_update_with_empty_strings_then_nulls_clears_the_attributes()
    {
        var scim = await ScimClient.ForNewOrganizationAsync(_gateway, CancellationToken);
        var id = (await scim.PostAsync("/Users", FullUser.Replace("USERNAME", $"null-{Guid.NewGuid():N}@example.test"), CancellationToken)).Id;

        foreach (var empty in new[] { "\"\"", "null" })
        {
            var cleared = await scim.PatchAsync($"/Users/{id}", $$"""
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
                 {"op":"replace","path":"title","value":{{empty}}},{"op":"replace","path":"{{Enterprise}}:department","value":{{empty}}},
                 {"op":"replace","path":"name.middleName","value":{{empty}}}]}
                """, CancellationToken);
            Assert.Equal(HttpStatusCode.OK, cleared.Status);
            Assert.False(cleared.Body.TryGetProperty("title", out _), cleared.Text);
            Assert.False(cleared.Body.GetProperty(Enterprise).TryGetProperty("department", out _));
            Assert.False(cleared.Body.GetProperty("name").TryGetProperty("middleName", out _));
            Assert.Equal("Val", cleared.Body.GetProperty("name").GetProperty("givenName").GetString());
        }
    }

    [Fact]
    public async Task A_failing_operation_leaves_the_user_unchanged()
    {
        var scim = await ScimClient.ForNewOrganizationAsync(_gateway, CancellationToken);
        var id = await scim.CreateUserAsync(CancellationToken, extra: ",\"title\":\"Before\"");

        var refused = await scim.PatchAsync($"/Users/{id}", """
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
             {"op":"replace","path":"title","value":"After"},{"op":"replace","path":"id","value":"mine"}]}
            """, CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal("mutability", refused.ScimType);
        Assert.Equal("Before", (await scim.GetAsync($"/Users/{id}", CancellationToken)).Body.GetProperty("title").GetString());
    }
}
