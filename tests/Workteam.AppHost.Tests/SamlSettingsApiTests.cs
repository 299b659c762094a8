using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml;
using Workteam.Testing.Saml;

namespace Workteam.AppHost.Tests;

/// <summary>The "Single sign-on (SAML)" settings API and the service provider's metadata.</summary>
[Collection(SharedAppHostCollection.Name)]
public sealed class SamlSettingsApiTests(SharedAppHost shared)
{
    private readonly HttpClient _gateway = shared.Host.CreateGatewayClient();
    private AdminApi Admin => new(_gateway);
    private SsoApi Sso => new(_gateway);
    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    private static async Task<JsonElement> OkAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>A 400 problem whose detail says what is wrong.</summary>
    private static async Task<string> BadRequestAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
        var detail = JsonDocument.Parse(text).RootElement.GetProperty("detail").GetString();
        Assert.False(string.IsNullOrWhiteSpace(detail), text);
        return detail!;
    }

    [Fact]
    public async Task Only_admins_of_the_organization_read_or_change_the_settings()
    {
        var organization = await Admin.SignUpAsync(CancellationToken);
        var other = await Admin.SignUpAsync(CancellationToken);
        var memberEmail = AdminApi.NewEmail("member");
        await Admin.CreateAccountAsync(organization, memberEmail, "Member", CancellationToken);
        var memberSession = await Admin.SignInAsync(memberEmail, AdminApi.Password, CancellationToken);
        using var idp = new TestIdentityProvider();

        foreach (var accessToken in new[] { memberSession, other.AccessToken })
        {
            using var read = await Admin.SendAsync(HttpMethod.Get, SsoApi.SettingsPath(organization.OrganizationId), accessToken, null, CancellationToken);
            using var change = await Sso.PutAsync(organization, new { enabled = true, required = false, metadataXml = idp.FederationMetadataXml() }, CancellationToken, accessToken);
            Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, change.StatusCode);
        }

        using var anonymous = await Admin.SendAsync(HttpMethod.Get, SsoApi.SettingsPath(organization.OrganizationId), null, null, CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        var settings = await OkAsync(await Admin.SendAsync(HttpMethod.Get, SsoApi.SettingsPath(organization.OrganizationId), organization.AccessToken, null, CancellationToken));
        Assert.False(settings.GetProperty("enabled").GetBoolean());
        Assert.Equal(JsonValueKind.Null, settings.GetProperty("idpEntityId").ValueKind);
    }

    [Fact]
    public async Task Settings_give_the_values_for_entra_and_take_the_metadata_or_the_pasted_values()
    {
        var organization = await Admin.SignUpAsync(CancellationToken);
        var path = SsoApi.SettingsPath(organization.OrganizationId);
        var baseUrl = $"{_gateway.BaseAddress!.ToString().TrimEnd('/')}/saml/{organization.OrganizationId}";

        var before = await OkAsync(await Admin.SendAsync(HttpMethod.Get, path, organization.AccessToken, null, CancellationToken));
        Assert.False(before.GetProperty("enabled").GetBoolean());
        Assert.False(before.GetProperty("required").GetBoolean());
        Assert.Equal($"{baseUrl}/metadata", before.GetProperty("spEntityId").GetString());
        Assert.Equal($"{baseUrl}/metadata", before.GetProperty("metadataUrl").GetString());
        Assert.Equal($"{baseUrl}/acs", before.GetProperty("acsUrl").GetString());
        Assert.Equal($"{baseUrl}/signin", before.GetProperty("signOnUrl").GetString());
        Assert.Empty(before.GetProperty("certificates").EnumerateArray());

        // Enabling needs an identity provider.
        Assert.Contains("identity provider", await BadRequestAsync(await Sso.PutAsync(organization, new { enabled = true, required = false }, CancellationToken)));

        // Entra's metadata during a certificate rollover: both certificates are trusted.
        using var idp = new TestIdentityProvider();
        var rollover = idp.AddRolloverCertificate();
        var fromMetadata = await OkAsync(await Sso.PutAsync(organization, new { enabled = true, required = true, metadataXml = idp.FederationMetadataXml() }, CancellationToken));
        Assert.True(fromMetadata.GetProperty("enabled").GetBoolean());
        Assert.True(fromMetadata.GetProperty("required").GetBoolean());
        Assert.Equal(idp.EntityId, fromMetadata.GetProperty("idpEntityId").GetString());
        Assert.Equal(idp.SignOnUrl.ToString(), fromMetadata.GetProperty("idpSignOnUrl").GetString());
        Assert.Equal([idp.Certificate.Thumbprint, rollover.Thumbprint],
            fromMetadata.GetProperty("certificates").EnumerateArray().Select(c => c.GetProperty("thumbprint").GetString()));
        var certificate = fromMetadata.GetProperty("certificates")[0];
        Assert.Equal(idp.Certificate.Subject, certificate.GetProperty("subject").GetString());
        Assert.Equal(idp.Certificate.NotAfter.ToUniversalTime(), certificate.GetProperty("notAfter").GetDateTimeOffset().UtcDateTime, TimeSpan.FromSeconds(1));
        Assert.Equal(fromMetadata.GetRawText(), (await OkAsync(await Admin.SendAsync(HttpMethod.Get, path, organization.AccessToken, null, CancellationToken))).GetRawText());

        // The three values pasted separately, the certificate in PEM.
        using var other = new TestIdentityProvider();
        var fromValues = await OkAsync(await Sso.PutAsync(organization, new
        {
            enabled = true, required = false, idpEntityId = other.EntityId, idpSignOnUrl = other.SignOnUrl.ToString(), idpCertificate = other.CertificatePem,
        }, CancellationToken));
        Assert.Equal(other.EntityId, fromValues.GetProperty("idpEntityId").GetString());
        Assert.Equal(other.Certificate.Thumbprint, Assert.Single(fromValues.GetProperty("certificates").EnumerateArray()).GetProperty("thumbprint").GetString());
        Assert.Equal(organization.AdminEmail, fromValues.GetProperty("updatedBy").GetString());

        // Left out, the identity provider is kept.
        var disabled = await OkAsync(await Sso.PutAsync(organization, new { enabled = false, required = false }, CancellationToken));
        Assert.False(disabled.GetProperty("enabled").GetBoolean());
        Assert.Equal(other.EntityId, disabled.GetProperty("idpEntityId").GetString());

        var actions = (await Admin.ListAllAsync(organization, "audit", CancellationToken)).Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Equal(2, actions.Count(a => a == "SsoIdentityProviderChanged"));
        Assert.Equal(1, actions.Count(a => a == "SsoEnabled"));
        Assert.Equal(1, actions.Count(a => a == "SsoDisabled"));
        Assert.Equal(2, actions.Count(a => a == "SsoRequiredChanged"));
    }

    [Fact]
    public async Task Bad_metadata_certificates_or_urls_are_refused_saying_what_is_wrong()
    {
        var organization = await Admin.SignUpAsync(CancellationToken);
        using var idp = new TestIdentityProvider();
        object[] bad =
        [
            new { enabled = true, required = false, metadataXml = "<not metadata" },
            new { enabled = true, required = false, metadataXml = """<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" entityID="&e;"/>""" },
            new { enabled = true, required = false, idpEntityId = idp.EntityId, idpSignOnUrl = idp.SignOnUrl.ToString(), idpCertificate = "bm90IGEgY2VydGlmaWNhdGU=" },
            new { enabled = true, required = false, idpEntityId = idp.EntityId, idpSignOnUrl = "not a url", idpCertificate = idp.CertificateBase64 },
            new { enabled = true, required = false, idpEntityId = idp.EntityId, idpCertificate = idp.CertificateBase64 },
            new { enabled = true, required = false, metadataXml = idp.FederationMetadataXml(), idpEntityId = idp.EntityId },
        ];
        foreach (var body in bad)
        {
            await BadRequestAsync(await Sso.PutAsync(organization, body, CancellationToken));
        }

        var settings = await OkAsync(await Admin.SendAsync(HttpMethod.Get, SsoApi.SettingsPath(organization.OrganizationId), organization.AccessToken, null, CancellationToken));
        Assert.False(settings.GetProperty("enabled").GetBoolean());
        Assert.Equal(JsonValueKind.Null, settings.GetProperty("idpEntityId").ValueKind);
    }

    [Fact]
    public async Task The_metadata_endpoint_serves_the_service_providers_metadata_to_anyone()
    {
        var organization = await Admin.SignUpAsync(CancellationToken);
        var settings = await OkAsync(await Admin.SendAsync(HttpMethod.Get, SsoApi.SettingsPath(organization.OrganizationId), organization.AccessToken, null, CancellationToken));

        using var response = await _gateway.GetAsync($"/saml/{organization.OrganizationId}/metadata", CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/samlmetadata+xml", response.Content.Headers.ContentType?.MediaType);
        var metadata = new XmlDocument { XmlResolver = null };
        metadata.LoadXml(await response.Content.ReadAsStringAsync(CancellationToken));
        Assert.Equal(settings.GetProperty("spEntityId").GetString(), metadata.DocumentElement!.GetAttribute("entityID"));
        var acs = metadata.GetElementsByTagName("AssertionConsumerService", "urn:oasis:names:tc:SAML:2.0:metadata");
        Assert.Equal(settings.GetProperty("acsUrl").GetString(), ((XmlElement)Assert.Single(acs.Cast<XmlNode>())).GetAttribute("Location"));

        using var unknown = await _gateway.GetAsync($"/saml/{Guid.NewGuid()}/metadata", CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
