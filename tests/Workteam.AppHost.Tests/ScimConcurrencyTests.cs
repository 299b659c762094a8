using System.Net;

namespace Workteam.AppHost.Tests;

/// <summary>
/// Entra sends many requests at once. Concurrent writes through the gateway to real PostgreSQL must neither fail
/// with a 500 nor lose a change: uniqueness is decided once, and changes of one resource apply one after the other.
/// </summary>
[Collection(SharedAppHostCollection.Name)]
public sealed class ScimConcurrencyTests(SharedAppHost shared)
{
    private const int Parallel = 50;
    private const string PatchOp = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    private readonly HttpClient _gateway = shared.Host.CreateGatewayClient();
    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Fifty_parallel_creates_of_one_user_name_in_varying_case_make_one_user_and_49_uniqueness_conflicts()
    {
        var scim = await ScimClient.ForNewOrganizationAsync(_gateway, CancellationToken);
        const string userName = "race.condition@contoso.test";

        var responses = await Task.WhenAll(Enumerable.Range(0, Parallel).Select(i => scim.PostAsync("/Users", $$"""
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"{{VaryCase(userName, i)}}","active":true}
            """, CancellationToken)));

        Assert.All(responses, r => Assert.True(r.Status is HttpStatusCode.Created or HttpStatusCode.Conflict, r.ToString()));
        var created = Assert.Single(responses, r => r.Status == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r.Status == HttpStatusCode.Conflict), r =>
        {
            Assert.Equal("uniqueness", r.ScimType);
            Assert.Equal("409", r.Body.GetProperty("status").GetString());
        });
        var found = await scim.GetAsync($"/Users?filter=userName eq \"{userName}\"", CancellationToken);
        Assert.Equal(1, found.Body.GetProperty("totalResults").GetInt32());
        Assert.Equal(created.Id, found.Body.GetProperty("Resources")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task Fifty_parallel_member_additions_to_one_group_all_land()
    {
        var scim = await ScimClient.ForNewOrganizationAsync(_gateway, CancellationToken);
        var group = await scim.CreateGroupAsync(CancellationToken);
        var users = await Task.WhenAll(Enumerable.Range(0, Parallel).Select(_ => scim.CreateUserAsync(CancellationToken)));

        var responses = await Task.WhenAll(users.Select(user => scim.PatchAsync($"/Groups/{group}", $$"""
            {"schemas":["{{PatchOp}}"],"Operations":[{"op":"Add","path":"members","value":[{"$ref":null,"value":"{{user}}"}]}]}
            """, CancellationToken)));

        Assert.All(responses, r => Assert.True(r.Status == HttpStatusCode.NoContent, r.ToString()));
        var fetched = await scim.GetAsync($"/Groups/{group}", CancellationToken);
        var members = fetched.Body.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("value").GetString()).Order();
        Assert.Equal(users.Order(), members);
        // Each addition moved the version on once (creation was version 1).
        Assert.Equal($"W/\"{1 + Parallel}\"", fetched.Body.GetProperty("meta").GetProperty("version").GetString());
    }

    [Fact]
    public async Task Parallel_patches_of_different_attributes_of_one_user_all_land()
    {
        var scim = await ScimClient.ForNewOrganizationAsync(_gateway, CancellationToken);
        var manager = await scim.CreateUserAsync(CancellationToken);
        var id = await scim.CreateUserAsync(CancellationToken);
        var changes = new Dictionary<string, string>
        {
            ["displayName"] = "\"Ada Lovelace\"",
            ["nickName"] = "\"Ada\"",
            ["title"] = "\"Analyst\"",
            ["preferredLanguage"] = "\"en-GB\"",
            ["locale"] = "\"en-GB\"",
            ["timezone"] = "\"Europe/London\"",
            ["userType"] = "\"Employee\"",
            ["profileUrl"] = "\"https://contoso.test/ada\"",
            ["externalId"] = "\"ada-1815\"",
            ["name.givenName"] = "\"Ada\"",
            ["name.familyName"] = "\"Lovelace\"",
            ["active"] = "false",
            ["emails[type eq \\\"work\\\"].value"] = "\"ada@contoso.test\"",
            ["phoneNumbers[type eq \\\"mobile\\\"].value"] = "\"+44 20 7946 0000\"",
            ["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department"] = "\"Engineering\"",
            ["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber"] = "\"1815\"",
            ["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:costCenter"] = "\"CC-42\"",
            ["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager"] = $"\"{manager}\"",
        };

        var responses = await Task.WhenAll(changes.Select(change => scim.PatchAsync($"/Users/{id}", $$"""
            {"schemas":["{{PatchOp}}"],"Operations":[{"op":"Add","path":"{{change.Key}}","value":{{change.Value}}}]}
            """, CancellationToken)));

        Assert.All(responses, r => Assert.True(r.Status == HttpStatusCode.OK, r.ToString()));
        var user = (await scim.GetAsync($"/Users/{id}", CancellationToken)).Body;
        var enterprise = user.GetProperty("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User");
        Assert.Equal("Ada Lovelace", user.GetProperty("displayName").GetString());
        Assert.Equal("Ada", user.GetProperty("nickName").GetString());
        Assert.Equal("Analyst", user.GetProperty("title").GetString());
        Assert.Equal("en-GB", user.GetProperty("preferredLanguage").GetString());
        Assert.Equal("en-GB", user.GetProperty("locale").GetString());
        Assert.Equal("Europe/London", user.GetProperty("timezone").GetString());
        Assert.Equal("Employee", user.GetProperty("userType").GetString());
        Assert.Equal("https://contoso.test/ada", user.GetProperty("profileUrl").GetString());
        Assert.Equal("ada-1815", user.GetProperty("externalId").GetString());
        Assert.Equal("Ada", user.GetProperty("name").GetProperty("givenName").GetString());
        Assert.Equal("Lovelace", user.GetProperty("name").GetProperty("familyName").GetString());
        Assert.False(user.GetProperty("active").GetBoolean());
        Assert.Equal("ada@contoso.test", Assert.Single(user.GetProperty("emails").EnumerateArray()).GetProperty("value").GetString());
        Assert.Equal("+44 20 7946 0000", Assert.Single(user.GetProperty("phoneNumbers").EnumerateArray()).GetProperty("value").GetString());
        Assert.Equal("Engineering", enterprise.GetProperty("department").GetString());
        Assert.Equal("1815", enterprise.GetProperty("employeeNumber").GetString());
        Assert.Equal("CC-42", enterprise.GetProperty("costCenter").GetString());
        Assert.Equal(manager, enterprise.GetProperty("manager").GetProperty("value").GetString());
    }

    private static string VaryCase(string text, int seed) =>
        new([.. text.Select((c, i) => ((seed >> (i % 6)) & 1) == 1 ? char.ToUpperInvariant(c) : c)]);
}
