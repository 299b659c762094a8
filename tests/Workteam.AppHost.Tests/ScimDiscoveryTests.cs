using System.Net;
using System.Text.Json;

namespace Workteam.AppHost.Tests;

[Collection(SharedAppHostCollection.Name)]
public sealed class ScimDiscoveryTests(SharedAppHost shared)
{
    private readonly HttpClient _gateway = shared.Host.CreateGatewayClient();
    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Discovery_documents_describe_users_groups_and_the_enterprise_extension()
    {
        var scim = await ScimClient.ForNewOrganizationAsync(_gateway, CancellationToken);

        var config = await scim.GetAsync("/ServiceProviderConfig", CancellationToken);
        Assert.Equal(HttpStatusCode.OK, config.Status);
        Assert.True(config.Body.GetProperty("patch").GetProperty("supported").GetBoolean());
        Assert.False(config.Body.GetProperty("bulk").GetProperty("supported").GetBoolean());
        Assert.True(config.Body.GetProperty("filter").GetProperty("maxResults").GetInt32() > 0);

        var schemas = await scim.GetAsync("/Schemas", CancellationToken);
        Assert.Equal(3, schemas.Body.GetProperty("totalResults").GetInt32());
        var ids = schemas.Body.GetProperty("Resources").EnumerateArray().Select(s => s.GetProperty("id").GetString()).ToList();
        Assert.Contains("urn:ietf:params:scim:schemas:core:2.0:User", ids);
        Assert.Contains("urn:ietf:params:scim:schemas:core:2.0:Group", ids);
        Assert.Contains("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", ids);

        var user = await scim.GetAsync("/Schemas/urn:ietf:params:scim:schemas:core:2.0:User", CancellationToken);
        var userName = user.Body.GetProperty("attributes").EnumerateArray().Single(a => a.GetProperty("name").GetString() == "userName");
        Assert.True(userName.GetProperty("required").GetBoolean());
        Assert.Equal("server", userName.GetProperty("uniqueness").GetString());
        Assert.Equal($"{scim.BaseUrl}/Schemas/urn:ietf:params:scim:schemas:core:2.0:User", user.Body.GetProperty("meta").GetProperty("location").GetString());

        var types = await scim.GetAsync("/ResourceTypes", CancellationToken);
        Assert.Equal(["/Users", "/Groups"], types.Body.GetProperty("Resources").EnumerateArray().Select(t => t.GetProperty("endpoint").GetString()));
        Assert.Equal("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
            (await scim.GetAsync("/ResourceTypes/User", CancellationToken)).Body.GetProperty("schemaExtensions")[0].GetProperty("schema").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await scim.GetAsync("/Schemas/urn:unknown", CancellationToken)).Status);
    }

    [Theory]
    [InlineData("POST", "/Bulk", HttpStatusCode.NotImplemented)]
    [InlineData("GET", "/Me", HttpStatusCode.NotImplemented)]
    [InlineData("POST", "/Users/.search", HttpStatusCode.NotImplemented)]
    [InlineData("DELETE", "/Users", HttpStatusCode.NotFound)]
    [InlineData("GET", "/Users/not-a-uuid", HttpStatusCode.NotFound)]
    [InlineData("GET", "/Elephants", HttpStatusCode.NotFound)]
    public async Task Unsupported_endpoints_and_methods_get_scim_errors(string method, string path, HttpStatusCode expected)
    {
        var scim = await ScimClient.ForNewOrganizationAsync(_gateway, CancellationToken);

        var response = await scim.SendAsync(new HttpMethod(method), path, method == "POST" ? "{}" : null, CancellationToken);

        Assert.Equal(expected, response.Status);
        Assert.Equal("application/scim+json", response.MediaType);
        Assert.Equal(((int)expected).ToString(), response.Body.GetProperty("status").GetString());
        Assert.Equal("urn:ietf:params:scim:api:messages:2.0:Error", response.Body.GetProperty("schemas")[0].GetString());
    }

    [Fact]
    public async Task Unknown_query_parameters_such_as_the_feature_flag_are_ignored()
    {
        var scim = await ScimClient.ForNewOrganizationAsync(_gateway, CancellationToken);

        var response = await scim.GetAsync("/Users?aadOptscim062020&filter=userName eq \"nobody\"", CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(0, response.Body.GetProperty("totalResults").GetInt32());
    }
}
