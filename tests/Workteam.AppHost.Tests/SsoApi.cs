using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Web;
using System.Xml;
using Workteam.Testing.Saml;

namespace Workteam.AppHost.Tests;

/// <summary>
/// SAML single sign-on through the gateway: an admin's settings, and a browser that carries an identity provider's
/// response to the Assertion Consumer Service (no redirects followed, cookies read by hand).
/// </summary>
public sealed class SsoApi(HttpClient gateway)
{
    public const string SessionCookie = "__Host-workteam_session";

    private readonly HttpClient _browser = new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false })
    {
        BaseAddress = gateway.BaseAddress,
    };

    private AdminApi Admin => new(gateway);

    public sealed record Settings(JsonElement Body)
    {
        public string SpEntityId => Body.GetProperty("spEntityId").GetString()!;

        public Uri AcsUrl => new(Body.GetProperty("acsUrl").GetString()!);
    }

    /// <summary>The ACS's answer: the status, where it sends the browser, the session cookie it set and the page text.</summary>
    public sealed record AcsAnswer(HttpStatusCode Status, string? Location, string? Session, string Text)
    {
        public override string ToString() => $"{(int)Status} {Location} {Text}";
    }

    public static string SettingsPath(Guid organizationId) => $"/api/organizations/{organizationId}/sso/saml";

    public Task<HttpResponseMessage> PutAsync(AdminApi.SignedUpOrganization organization, object body, CancellationToken cancellationToken, string? accessToken = null) =>
        Admin.SendAsync(HttpMethod.Put, SettingsPath(organization.OrganizationId), accessToken ?? organization.AccessToken, body, cancellationToken);

    /// <summary>Trusts the identity provider through its federation metadata and enables SSO.</summary>
    public async Task<Settings> EnableAsync(AdminApi.SignedUpOrganization organization, TestIdentityProvider idp, CancellationToken cancellationToken, bool required = false)
    {
        using var response = await PutAsync(organization, new { enabled = true, required, metadataXml = idp.FederationMetadataXml() }, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return new Settings(JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>A response of <paramref name="idp"/> addressed to the organization with these settings.</summary>
    public static SamlResponseBuilder ResponseFor(TestIdentityProvider idp, Settings settings, string nameId) =>
        idp.Response(settings.SpEntityId, settings.AcsUrl).WithNameId(nameId);

    public async Task<AcsAnswer> PostAsync(Guid organizationId, string samlResponse, CancellationToken cancellationToken, string? relayState = null)
    {
        var fields = new Dictionary<string, string> { ["SAMLResponse"] = samlResponse };
        if (relayState is not null)
        {
            fields["RelayState"] = relayState;
        }

        using var response = await _browser.PostAsync($"/saml/{organizationId}/acs", new FormUrlEncodedContent(fields), cancellationToken);
        var session = response.Headers.TryGetValues("Set-Cookie", out var cookies)
            ? cookies.Where(c => c.StartsWith(SessionCookie + "=", StringComparison.Ordinal)).Select(c => c[(SessionCookie.Length + 1)..].Split(';')[0]).SingleOrDefault()
            : null;
        return new AcsAnswer(response.StatusCode, response.Headers.Location?.OriginalString, session, await response.Content.ReadAsStringAsync(cancellationToken));
    }

    /// <summary>Starts an SP-initiated sign-in; answers the redirect to the identity provider and the AuthnRequest's ID.</summary>
    public async Task<(Uri Redirect, string RequestId)> StartAsync(Guid organizationId, string? returnUrl, CancellationToken cancellationToken)
    {
        using var response = await _browser.GetAsync($"/saml/{organizationId}/signin" + (returnUrl is null ? "" : "?returnUrl=" + Uri.EscapeDataString(returnUrl)), cancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
        var redirect = response.Headers.Location!;
        var deflated = Convert.FromBase64String(HttpUtility.ParseQueryString(redirect.Query)["SAMLRequest"]!);
        using var inflater = new DeflateStream(new MemoryStream(deflated), CompressionMode.Decompress);
        var request = new XmlDocument { XmlResolver = null };
        request.LoadXml(await new StreamReader(inflater, Encoding.UTF8).ReadToEndAsync(cancellationToken));
        return (redirect, request.DocumentElement!.GetAttribute("ID"));
    }

    /// <summary>The account a session cookie signs in, or null when it does not (401).</summary>
    public async Task<JsonElement?> MeAsync(string session, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        request.Headers.Add("Cookie", $"{SessionCookie}={session}");
        using var response = await _browser.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            return null;
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
    }

    /// <summary>The organization's audit entries of one action, newest first.</summary>
    public async Task<List<JsonElement>> AuditAsync(AdminApi.SignedUpOrganization organization, string action, CancellationToken cancellationToken)
    {
        var entries = await Admin.ListAllAsync(organization, "audit", cancellationToken);
        return entries.Where(e => e.GetProperty("action").GetString() == action).ToList();
    }
}
