using Workteam.Contracts;
using System.Net.Http.Headers;
using System.Text;

namespace Workteam.Benchmarks.Load;

/// <summary>Entra's user create (POST /Users with a typical attribute set), sent through the gateway or straight to ScimApi.</summary>
public static class ScimWrites
{
    public static HttpClient ThroughGateway(Uri gateway, Guid organizationId, string token)
    {
        var client = NewClient(gateway, organizationId);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Straight to ScimApi, with the organization header and signed assertion the gateway would add.</summary>
    public static HttpClient Direct(Uri scimApi, Guid organizationId, ServiceTrust trust) =>
        new(new GatewayAssertion(trust, organizationId) { InnerHandler = new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue } })
        {
            BaseAddress = new Uri(scimApi, $"/scim/v2/{organizationId}/"),
            Timeout = TimeSpan.FromSeconds(60),
        };

    public static Func<Task<bool>> CreateUser(HttpClient scim) => async () =>
    {
        var id = Guid.NewGuid().ToString("N");
        var userName = $"{id}@load.bench.test";
        using var content = new StringContent($$$"""
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
             "externalId":"{{{id[..12]}}}","userName":"{{{userName}}}","active":true,"displayName":"Load Bench {{{id[..6]}}}",
             "name":{"formatted":"Load Bench","familyName":"Bench","givenName":"Load"},"title":"Engineer","preferredLanguage":"en-US",
             "emails":[{"primary":true,"type":"work","value":"{{{userName}}}"}],"phoneNumbers":[{"type":"work","value":"+1 555 0100"}],
             "addresses":[{"type":"work","streetAddress":"1 Main St","locality":"Springfield","postalCode":"12345","country":"US"}],
             "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Engineering","employeeNumber":"{{{id[..8]}}}"}}
            """, Encoding.UTF8, "application/scim+json");
        try
        {
            using var response = await scim.PostAsync("Users", content);
            return (int)response.StatusCode == 201;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    };

    private static HttpClient NewClient(Uri root, Guid organizationId) =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue })
        {
            BaseAddress = new Uri(root, $"/scim/v2/{organizationId}/"),
            Timeout = TimeSpan.FromSeconds(60),
        };
}

/// <summary>Adds to each request what the gateway adds after authenticating it: the organization and its signed assertion.</summary>
public sealed class GatewayAssertion(ServiceTrust trust, Guid organizationId) : DelegatingHandler
{
    public static void AddTo(HttpRequestMessage request, ServiceTrust trust, Guid organizationId)
    {
        request.Headers.Add("X-Workteam-Organization-Id", organizationId.ToString());
        request.Headers.Add(ServiceTrust.AssertionHeader, trust.CreateAssertion(organizationId, DateTimeOffset.UtcNow));
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        AddTo(request, trust, organizationId);
        return base.SendAsync(request, cancellationToken);
    }
}
