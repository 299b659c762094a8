using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Workteam.Testing.Saml;

namespace Workteam.AppHost.Tests;

/// <summary>
/// SAML sign-in through the gateway with a test identity provider that signs like Entra: IdP- and SP-initiated sign-in
/// open a real session; what replicas share (outstanding requests, used assertions), account matching, isolation
/// between organizations and the require-SSO rule refuse what they must, and every refusal is audited.
/// </summary>
[Collection(SharedAppHostCollection.Name)]
public sealed class SamlSignInTests(SharedAppHost shared) : IDisposable
{
    private readonly HttpClient _gateway = shared.Host.CreateGatewayClient();
    private readonly TestIdentityProvider _idp = new();
    private AdminApi Admin => new(_gateway);
    private SsoApi Sso => new(_gateway);
    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    public void Dispose() => _idp.Dispose();

    /// <summary>An organization trusting <see cref="_idp"/>, with a member who has a password.</summary>
    private async Task<(AdminApi.SignedUpOrganization Organization, SsoApi.Settings Settings, string MemberEmail, Guid MemberId)> ReadyAsync(bool required = false)
    {
        var organization = await Admin.SignUpAsync(CancellationToken);
        var settings = await Sso.EnableAsync(organization, _idp, CancellationToken, required);
        var memberEmail = AdminApi.NewEmail("member");
        var memberId = await Admin.CreateAccountAsync(organization, memberEmail, "Member", CancellationToken);
        return (organization, settings, memberEmail, memberId);
    }

    private static void AssertRefused(SsoApi.AcsAnswer answer, string reason)
    {
        Assert.True(answer.Status is HttpStatusCode.Forbidden or HttpStatusCode.BadRequest, answer.ToString());
        Assert.Null(answer.Session);
        Assert.Contains(reason, answer.Text);
    }

    /// <summary>The refusal's audit entry: its code, the NameID and the identity provider are in the detail.</summary>
    private async Task AssertAuditedRefusalAsync(AdminApi.SignedUpOrganization organization, string code, string nameId)
    {
        var refusals = await Sso.AuditAsync(organization, "SsoSignInRefused", CancellationToken);
        Assert.Contains(refusals, e => e.GetProperty("detail").GetString() is { } detail
            && detail.StartsWith(code + ":", StringComparison.Ordinal) && detail.Contains(nameId) && detail.Contains(_idp.EntityId));
    }

    [Fact]
    public async Task An_idp_initiated_sign_in_opens_a_session_like_a_password_sign_in()
    {
        var (organization, settings, memberEmail, memberId) = await ReadyAsync();

        var answer = await Sso.PostAsync(organization.OrganizationId,
            SsoApi.ResponseFor(_idp, settings, memberEmail.ToUpperInvariant()).ToBase64(), CancellationToken, relayState: "/organization/members?q=a");

        Assert.Equal(HttpStatusCode.SeeOther, answer.Status);
        Assert.Equal("/organization/members?q=a", answer.Location);
        Assert.StartsWith("wtses_", answer.Session);
        var me = await Sso.MeAsync(answer.Session!, CancellationToken);
        Assert.Equal(memberId, me!.Value.GetProperty("accountId").GetGuid());
        Assert.Equal(organization.OrganizationId, me.Value.GetProperty("organizationId").GetGuid());
        var signedIn = Assert.Single(await Sso.AuditAsync(organization, "SsoSignedIn", CancellationToken));
        Assert.Equal(memberId, signedIn.GetProperty("targetAccountId").GetGuid());
        Assert.Contains("IdP-initiated", signedIn.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task An_sp_initiated_sign_in_answers_the_request_workteam_sent_and_only_once()
    {
        var (organization, settings, memberEmail, memberId) = await ReadyAsync();

        var (redirect, requestId) = await Sso.StartAsync(organization.OrganizationId, "/organization/teams", CancellationToken);
        Assert.Equal(_idp.SignOnUrl.GetLeftPart(UriPartial.Path), redirect.GetLeftPart(UriPartial.Path));
        Assert.False(string.IsNullOrEmpty(requestId));

        var answer = await Sso.PostAsync(organization.OrganizationId,
            SsoApi.ResponseFor(_idp, settings, memberEmail).InResponseToRequest(requestId).ToBase64(), CancellationToken);
        Assert.Equal(HttpStatusCode.SeeOther, answer.Status);
        Assert.Equal("/organization/teams", answer.Location);
        Assert.Equal(memberId, (await Sso.MeAsync(answer.Session!, CancellationToken))!.Value.GetProperty("accountId").GetGuid());
        Assert.Contains("SP-initiated", Assert.Single(await Sso.AuditAsync(organization, "SsoSignedIn", CancellationToken)).GetProperty("detail").GetString());

        // A second, fresh assertion answering the same request: the request was used up.
        var again = await Sso.PostAsync(organization.OrganizationId,
            SsoApi.ResponseFor(_idp, settings, memberEmail).InResponseToRequest(requestId).ToBase64(), CancellationToken);
        AssertRefused(again, "start the sign-in again");
        await AssertAuditedRefusalAsync(organization, "unknown-request", memberEmail);
    }

    [Fact]
    public async Task A_response_to_a_request_workteam_never_sent_is_refused()
    {
        var (organization, settings, memberEmail, _) = await ReadyAsync();

        var answer = await Sso.PostAsync(organization.OrganizationId,
            SsoApi.ResponseFor(_idp, settings, memberEmail).InResponseToRequest("_" + Guid.NewGuid().ToString("N")).ToBase64(), CancellationToken);

        AssertRefused(answer, "answers no sign-in");
        await AssertAuditedRefusalAsync(organization, "unknown-request", memberEmail);
    }

    [Fact]
    public async Task A_response_posted_twice_is_refused_as_a_replay()
    {
        var (organization, settings, memberEmail, _) = await ReadyAsync();
        var response = SsoApi.ResponseFor(_idp, settings, memberEmail).ToBase64();

        Assert.Equal(HttpStatusCode.SeeOther, (await Sso.PostAsync(organization.OrganizationId, response, CancellationToken)).Status);
        var replayed = await Sso.PostAsync(organization.OrganizationId, response, CancellationToken);

        AssertRefused(replayed, "used already");
        await AssertAuditedRefusalAsync(organization, "replay", memberEmail);
    }

    [Fact]
    public async Task One_organizations_identity_provider_signs_nobody_into_another()
    {
        var (a, aSettings, email, _) = await ReadyAsync();
        var b = await Admin.SignUpAsync(CancellationToken);
        await Admin.CreateAccountAsync(b, email, "Member", CancellationToken);
        using var bIdp = new TestIdentityProvider();
        var bSettings = await Sso.EnableAsync(b, bIdp, CancellationToken);

        // A's response, posted to B's ACS.
        AssertRefused(await Sso.PostAsync(b.OrganizationId, SsoApi.ResponseFor(_idp, aSettings, email).ToBase64(), CancellationToken), "");
        // A's identity provider addressing B: B trusts another issuer and key.
        AssertRefused(await Sso.PostAsync(b.OrganizationId, SsoApi.ResponseFor(_idp, bSettings, email).ToBase64(), CancellationToken), "");

        // B trusting the same identity provider as A: A's response is still addressed to A.
        await Sso.EnableAsync(b, _idp, CancellationToken);
        AssertRefused(await Sso.PostAsync(b.OrganizationId, SsoApi.ResponseFor(_idp, aSettings, email).ToBase64(), CancellationToken), "");
        // An SP-initiated request of A answered at B's ACS.
        var (_, aRequest) = await Sso.StartAsync(a.OrganizationId, null, CancellationToken);
        var answeredAtB = await Sso.PostAsync(b.OrganizationId,
            SsoApi.ResponseFor(_idp, bSettings, email).InResponseToRequest(aRequest).ToBase64(), CancellationToken);
        AssertRefused(answeredAtB, "answers no sign-in");

        Assert.Equal(4, (await Sso.AuditAsync(b, "SsoSignInRefused", CancellationToken)).Count);
        Assert.Empty(await Sso.AuditAsync(b, "SsoSignedIn", CancellationToken));
        // The same response at A's own ACS signs in: the refusals above were about the organization.
        Assert.Equal(HttpStatusCode.SeeOther, (await Sso.PostAsync(a.OrganizationId, SsoApi.ResponseFor(_idp, aSettings, email).ToBase64(), CancellationToken)).Status);
    }

    [Fact]
    public async Task Suspended_entra_disabled_and_unknown_people_are_refused_and_audited()
    {
        var (organization, token) = await Admin.ProvisioningReadyAsync(CancellationToken);
        var settings = await Sso.EnableAsync(organization, _idp, CancellationToken);
        var scim = new ScimClient(_gateway, token.BaseUrl, token.Token);

        // Entra's user: NameID is the user principal name (SCIM userName), not the email.
        var userName = $"upn-{Guid.NewGuid():N}@contoso.example";
        var email = AdminApi.NewEmail("provisioned");
        var scimId = await scim.CreateUserAsync(CancellationToken, userName, $$""","emails":[{"value":"{{email}}","type":"work"}]""");
        var accountId = Guid.Parse(await Wait.ForAsync(async () =>
            (await Admin.ListAllAsync(organization, $"accounts?q={Uri.EscapeDataString(userName)}", CancellationToken)).Select(a => a.GetProperty("accountId").GetString()).SingleOrDefault(),
            "Directory has the provisioned member", TimeSpan.FromSeconds(30), CancellationToken));
        var signedIn = await Sso.PostAsync(organization.OrganizationId, SsoApi.ResponseFor(_idp, settings, userName.ToUpperInvariant()).ToBase64(), CancellationToken);
        Assert.Equal(HttpStatusCode.SeeOther, signedIn.Status);
        Assert.Equal(accountId, (await Sso.MeAsync(signedIn.Session!, CancellationToken))!.Value.GetProperty("accountId").GetGuid());

        Assert.Equal(HttpStatusCode.OK, (await scim.PatchAsync($"/Users/{scimId}",
            """{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","path":"active","value":false}]}""", CancellationToken)).Status);
        await Wait.UntilAsync(async () => await Sso.MeAsync(signedIn.Session!, CancellationToken) is null, "Entra's deactivation ends the session", TimeSpan.FromSeconds(30), CancellationToken);
        AssertRefused(await Sso.PostAsync(organization.OrganizationId, SsoApi.ResponseFor(_idp, settings, userName).ToBase64(), CancellationToken), "disabled in Microsoft Entra ID");
        await AssertAuditedRefusalAsync(organization, "entra-disabled", userName);

        var suspendedEmail = AdminApi.NewEmail("suspended");
        var suspendedId = await Admin.CreateAccountAsync(organization, suspendedEmail, "Member", CancellationToken);
        using (var suspend = await Admin.SendAsync(HttpMethod.Patch, $"/api/organizations/{organization.OrganizationId}/accounts/{suspendedId}", organization.AccessToken, new { status = "Suspended" }, CancellationToken))
        {
            Assert.Equal(HttpStatusCode.OK, suspend.StatusCode);
        }

        AssertRefused(await Sso.PostAsync(organization.OrganizationId, SsoApi.ResponseFor(_idp, settings, suspendedEmail).ToBase64(), CancellationToken), "suspended");
        await AssertAuditedRefusalAsync(organization, "suspended", suspendedEmail);

        // Nobody of this organization, though an account with that email exists elsewhere: no account is created.
        var elsewhere = await Admin.SignUpAsync(CancellationToken);
        AssertRefused(await Sso.PostAsync(organization.OrganizationId, SsoApi.ResponseFor(_idp, settings, elsewhere.AdminEmail).ToBase64(), CancellationToken), "No account of this organization");
        await AssertAuditedRefusalAsync(organization, "unknown-account", elsewhere.AdminEmail);
        Assert.Single(await Sso.AuditAsync(organization, "SsoSignedIn", CancellationToken));
    }

    [Fact]
    public async Task A_relay_state_outside_workteam_is_not_followed()
    {
        var (organization, settings, memberEmail, _) = await ReadyAsync();

        foreach (var relayState in new[] { "//evil.example/x", "/\\evil.example", "https://evil.example/", "/\t/evil.example" })
        {
            var answer = await Sso.PostAsync(organization.OrganizationId, SsoApi.ResponseFor(_idp, settings, memberEmail).ToBase64(), CancellationToken, relayState);
            Assert.Equal(HttpStatusCode.SeeOther, answer.Status);
            Assert.Equal("/organization/settings", answer.Location);
        }

        // Neither the returnUrl of an SP-initiated sign-in.
        var (_, requestId) = await Sso.StartAsync(organization.OrganizationId, "//evil.example", CancellationToken);
        var spInitiated = await Sso.PostAsync(organization.OrganizationId,
            SsoApi.ResponseFor(_idp, settings, memberEmail).InResponseToRequest(requestId).ToBase64(), CancellationToken, relayState: "//evil.example");
        Assert.Equal("/organization/settings", spInitiated.Location);
    }

    [Fact]
    public async Task Sign_in_is_refused_while_sso_is_disabled_and_unavailable_to_start()
    {
        var (organization, settings, memberEmail, _) = await ReadyAsync();
        using (var disable = await Sso.PutAsync(organization, new { enabled = false, required = false }, CancellationToken))
        {
            Assert.Equal(HttpStatusCode.OK, disable.StatusCode);
        }

        AssertRefused(await Sso.PostAsync(organization.OrganizationId, SsoApi.ResponseFor(_idp, settings, memberEmail).ToBase64(), CancellationToken), "not enabled");
        using var start = await _gateway.GetAsync($"/saml/{organization.OrganizationId}/signin", CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, start.StatusCode);
        Assert.Single(await Sso.AuditAsync(organization, "SsoSignInRefused", CancellationToken));
    }

    [Fact]
    public async Task Required_sso_refuses_a_members_password_but_not_an_admins()
    {
        var (organization, _, memberEmail, _) = await ReadyAsync(required: true);

        using var member = await _gateway.PostAsJsonAsync("/api/sessions", new { email = memberEmail, password = AdminApi.Password }, CancellationToken);
        var refusal = await member.Content.ReadFromJsonAsync<JsonElement>(CancellationToken);
        Assert.Equal(HttpStatusCode.Forbidden, member.StatusCode);
        Assert.Contains("Microsoft Entra ID", refusal.GetProperty("detail").GetString());
        Assert.EndsWith($"/saml/{organization.OrganizationId}/signin", refusal.GetProperty("signOnUrl").GetString());
        Assert.Contains(await Sso.AuditAsync(organization, "SignInFailed", CancellationToken),
            e => e.GetProperty("target").GetString() == memberEmail && e.GetProperty("detail").GetString()!.Contains("SSO"));
        await Admin.SignInAsync(organization.AdminEmail, AdminApi.Password, CancellationToken);

        // A wrong password still gets the ordinary answer: the rule tells nothing to someone without the password.
        using var wrong = await _gateway.PostAsJsonAsync("/api/sessions", new { email = memberEmail, password = "not the password at all" }, CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);

        using (var optional = await Sso.PutAsync(organization, new { enabled = true, required = false }, CancellationToken))
        {
            Assert.Equal(HttpStatusCode.OK, optional.StatusCode);
        }

        await Admin.SignInAsync(memberEmail, AdminApi.Password, CancellationToken);
    }
}
