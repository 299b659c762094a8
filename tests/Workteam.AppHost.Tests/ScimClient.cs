using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Workteam.AppHost.Tests;

/// <summary>One SCIM answer: status, media type and (when there is one) the JSON body.</summary>
public sealed record ScimResponse(HttpStatusCode Status, string? MediaType, JsonElement Body, HttpResponseHeaders Headers, string Text)
{
    public string Id => Body.GetProperty("id").GetString()!;

    public string? ScimType => Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty("scimType", out var type) ? type.GetString() : null;

    public override string ToString() => $"{(int)Status} {Text}";
}

/// <summary>Talks SCIM to one organization's Base URL through the gateway, as Entra does.</summary>
public sealed class ScimClient(HttpClient gateway, string baseUrl, string token)
{
    public string BaseUrl => baseUrl;

    public string Token => token;

    /// <summary>The same token sent to another Base URL (another organization's, say).</summary>
    public ScimClient WithBaseUrl(string otherBaseUrl) => new(gateway, otherBaseUrl, token);

    public static async Task<ScimClient> ForNewOrganizationAsync(HttpClient gateway, CancellationToken cancellationToken)
    {
        var (_, generated) = await new AdminApi(gateway).ProvisioningReadyAsync(cancellationToken);
        return new ScimClient(gateway, generated.BaseUrl, generated.Token);
    }

    public Task<ScimResponse> GetAsync(string path, CancellationToken cancellationToken) => SendAsync(HttpMethod.Get, path, null, cancellationToken);

    public Task<ScimResponse> PostAsync(string path, string json, CancellationToken cancellationToken) => SendAsync(HttpMethod.Post, path, json, cancellationToken);

    public Task<ScimResponse> PatchAsync(string path, string json, CancellationToken cancellationToken) => SendAsync(HttpMethod.Patch, path, json, cancellationToken);

    public Task<ScimResponse> DeleteAsync(string path, CancellationToken cancellationToken) => SendAsync(HttpMethod.Delete, path, null, cancellationToken);

    /// <summary><paramref name="path"/> is relative to the Base URL ("/Users?filter=…"); the filter is escaped here.</summary>
    public async Task<ScimResponse> SendAsync(
        HttpMethod method, string path, string? json, CancellationToken cancellationToken, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(method, baseUrl + EscapeQuery(path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/scim+json");
        }

        configure?.Invoke(request);
        using var response = await gateway.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        var body = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return new ScimResponse(response.StatusCode, response.Content.Headers.ContentType?.MediaType, body, response.Headers, text);
    }

    public async Task<string> CreateUserAsync(CancellationToken cancellationToken, string? userName = null, string extra = "")
    {
        userName ??= $"user-{Guid.NewGuid():N}@contoso.test";
        var created = await PostAsync("/Users", $$"""
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"{{userName}}","active":true{{extra}}}
            """, cancellationToken);
        Assert.True(created.Status == HttpStatusCode.Created, created.ToString());
        return created.Id;
    }

    public async Task<string> CreateGroupAsync(CancellationToken cancellationToken, string? displayName = null)
    {
        displayName ??= $"group-{Guid.NewGuid():N}";
        var created = await PostAsync("/Groups", $$"""
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"{{displayName}}"}
            """, cancellationToken);
        Assert.True(created.Status == HttpStatusCode.Created, created.ToString());
        return created.Id;
    }

    private static string EscapeQuery(string path)
    {
        var query = path.IndexOf('?');
        if (query < 0)
        {
            return path;
        }

        var parameters = path[(query + 1)..].Split('&').Select(p =>
        {
            var equals = p.IndexOf('=');
            return equals < 0 ? p : $"{p[..equals]}={Uri.EscapeDataString(p[(equals + 1)..])}";
        });
        return $"{path[..query]}?{string.Join('&', parameters)}";
    }
}
