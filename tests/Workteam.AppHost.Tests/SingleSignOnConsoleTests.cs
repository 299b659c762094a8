using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Workteam.Testing.Saml;

namespace Workteam.AppHost.Tests;

/// <summary>Single sign-on with a test identity provider that plays Entra's part, in headless Chromium through the gateway.</summary>
[Collection(SharedAppHostCollection.Name)]
public sealed class SingleSignOnConsoleTests(SharedAppHost shared) : IAsyncLifetime
{
    private readonly HttpClient _gateway = shared.Host.CreateGatewayClient();
    private readonly TestIdentityProviderServer _entra = TestIdentityProviderServer.Start();
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    private CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => (_playwright, _browser) = await Browser.LaunchAsync();

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await _entra.DisposeAsync();
    }

    [Fact]
    public async Task An_admin_pastes_Entras_metadata_enables_SSO_and_a_member_signs_in_with_Microsoft_Entra_ID()
    {
        var (admin, organization, scim, domain) = await ProvisionedOrganizationAsync();
        var (member, memberId) = await ProvisionMemberAsync(admin, organization, scim, domain, "adele.vance");

        var page = await SignedInPageAsync(organization.AdminEmail, "/organization/settings");
        await page.GetByRole(AriaRole.Link, new() { Name = "Single sign-on (SAML)" }).ClickAsync();
        await Browser.WaitForAddressAsync(page, "/organization/single-sign-on$");
        var entityId = await page.GetByRole(AriaRole.Textbox, new() { Name = "Identifier (Entity ID)" }).InputValueAsync();
        var acsUrl = await page.GetByRole(AriaRole.Textbox, new() { Name = "Reply URL" }).InputValueAsync();
        var signOnUrl = await page.GetByRole(AriaRole.Textbox, new() { Name = "Sign on URL" }).InputValueAsync();
        Assert.Equal(Url($"/saml/{organization.OrganizationId}/acs"), acsUrl);
        Assert.Equal(Url($"/saml/{organization.OrganizationId}/signin"), signOnUrl);
        Assert.Equal(Url($"/saml/{organization.OrganizationId}/metadata"), await page.GetByRole(AriaRole.Textbox, new() { Name = "Workteam's metadata URL" }).InputValueAsync());
        Assert.Equal(1, await page.GetByRole(AriaRole.Button, new() { Name = "Copy Reply URL" }).CountAsync());

        await page.GetByLabel("Federation Metadata XML", new() { Exact = true }).FillAsync(_entra.Provider.FederationMetadataXml());
        await page.GetByLabel("Enable SSO").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Single sign-on settings saved." }).WaitForAsync();
        Assert.Contains(_entra.Provider.EntityId, await page.GetByRole(AriaRole.Region, new() { Name = "Microsoft Entra ID" }).InnerTextAsync());
        var certificates = page.GetByRole(AriaRole.Table, new() { Name = "Signing certificates" });
        Assert.Contains(_entra.Provider.Certificate.Thumbprint, await certificates.InnerTextAsync());
        Assert.Contains(_entra.Provider.Certificate.NotAfter.ToUniversalTime().ToString("yyyy-MM-dd"), await certificates.InnerTextAsync());
        Assert.True(await page.GetByLabel("Enable SSO").IsCheckedAsync());

        _entra.SignInAs(member);
        var memberPage = await NewPageAsync();
        await memberPage.GotoAsync("/signin");
        await memberPage.GetByRole(AriaRole.Link, new() { Name = "Sign in with Microsoft Entra ID" }).ClickAsync();
        await memberPage.GetByLabel("Work email").FillAsync(member.ToUpperInvariant());
        await memberPage.GetByRole(AriaRole.Button, new() { Name = "Continue to Microsoft" }).ClickAsync();
        await Browser.WaitToLeaveAsync(memberPage, "/signin|/saml/|" + Regex.Escape(_entra.BaseAddress.Authority));

        var request = Assert.Single(_entra.Requests);
        Assert.Equal(entityId, request.Issuer);
        Assert.Equal(acsUrl, request.AssertionConsumerServiceUrl.ToString());
        Assert.Equal(memberId, await SignedInAsAsync(memberPage));
    }

    [Fact]
    public async Task Entras_Test_this_application_posts_an_unsolicited_response_that_signs_the_member_in()
    {
        var (admin, organization, scim, domain) = await ProvisionedOrganizationAsync();
        var (member, memberId) = await ProvisionMemberAsync(admin, organization, scim, domain, "lee.gu");
        var settings = await new SsoApi(_gateway).EnableAsync(organization, _entra.Provider, CancellationToken);

        _entra.SignInAs(member);
        var page = await NewPageAsync();
        await page.GotoAsync(TestThisApplication(settings).ToString());
        await Browser.WaitToLeaveAsync(page, Regex.Escape(_entra.BaseAddress.Authority) + "|/saml/");

        Assert.Empty(_entra.Requests);
        Assert.Equal(memberId, await SignedInAsAsync(page));
    }

    [Fact]
    public async Task A_member_Entra_has_disabled_is_refused_with_the_reason_and_gets_no_session()
    {
        var (admin, organization, scim, domain) = await ProvisionedOrganizationAsync();
        var (member, _) = await ProvisionMemberAsync(admin, organization, scim, domain, "megan.bowen");
        var settings = await new SsoApi(_gateway).EnableAsync(organization, _entra.Provider, CancellationToken);
        var scimId = (await scim.GetAsync($"/Users?filter=userName eq \"{member}\"", CancellationToken)).Body.GetProperty("Resources")[0].GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.OK, (await scim.PatchAsync($"/Users/{scimId}", """{"Operations":[{"op":"Replace","path":"active","value":false}]}""", CancellationToken)).Status);
        await Wait.UntilAsync(async () => (await admin.ListAllAsync(organization, $"accounts?q={Uri.EscapeDataString(member)}&status=Suspended", CancellationToken)).Count == 1,
            "Directory has applied Entra's deactivation", TimeSpan.FromSeconds(30), CancellationToken);

        _entra.SignInAs(member);
        var page = await NewPageAsync();
        var refused = page.WaitForResponseAsync(response => response.Url.EndsWith($"/saml/{organization.OrganizationId}/acs", StringComparison.Ordinal));
        await page.GotoAsync(TestThisApplication(settings).ToString());

        Assert.InRange((await refused).Status, 400, 499);
        await page.GetByRole(AriaRole.Heading, new() { Name = "Sign-in refused" }).WaitForAsync();
        Assert.Contains("disabled", await page.Locator("main").InnerTextAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(await page.Context.CookiesAsync(), cookie => cookie.Name == "__Host-workteam_session");
        var audited = Assert.Single(await new SsoApi(_gateway).AuditAsync(organization, "SsoSignInRefused", CancellationToken));
        Assert.Contains(member, audited.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task With_SSO_required_a_member_is_refused_a_password_sign_in_and_pointed_to_Entra_while_an_admin_keeps_theirs()
    {
        var admin = new AdminApi(_gateway);
        var organization = await admin.SignUpAsync(CancellationToken);
        var memberEmail = AdminApi.NewEmail("member");
        await admin.CreateAccountAsync(organization, memberEmail, "Member", CancellationToken);
        await new SsoApi(_gateway).EnableAsync(organization, _entra.Provider, CancellationToken);

        var page = await SignedInPageAsync(organization.AdminEmail, "/organization/single-sign-on");
        Assert.True(await page.GetByLabel("Enable SSO").IsCheckedAsync());
        Assert.Contains("Admins keep their passwords", await page.Locator("#required-hint").InnerTextAsync());
        await page.GetByLabel("Require SSO for members").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Single sign-on settings saved." }).WaitForAsync();
        Assert.True(await page.GetByLabel("Require SSO for members").IsCheckedAsync());

        var memberPage = await NewPageAsync();
        await memberPage.GotoAsync("/signin");
        await memberPage.GetByLabel("Email").FillAsync(memberEmail);
        await memberPage.GetByLabel("Password").FillAsync(AdminApi.Password);
        await memberPage.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await memberPage.GetByRole(AriaRole.Alert).Filter(new() { HasText = "Microsoft Entra ID" }).WaitForAsync();
        Assert.Matches("/signin", memberPage.Url);
        // The page's Entra link now leads straight to the organization's sign-in address.
        Assert.Equal(Url($"/saml/{organization.OrganizationId}/signin"),
            await memberPage.GetByRole(AriaRole.Link, new() { Name = "Sign in with Microsoft Entra ID" }).GetAttributeAsync("href"));
        Assert.DoesNotContain(await memberPage.Context.CookiesAsync(), cookie => cookie.Name == "__Host-workteam_session");

        await SignedInPageAsync(organization.AdminEmail, "/organization/settings");
    }

    [Fact]
    public async Task Bad_metadata_is_refused_on_the_page_with_what_is_wrong_and_nothing_is_saved()
    {
        var organization = await new AdminApi(_gateway).SignUpAsync(CancellationToken);
        var page = await SignedInPageAsync(organization.AdminEmail, "/organization/single-sign-on");

        await page.GetByLabel("Federation Metadata XML", new() { Exact = true }).FillAsync("<EntityDescriptor xmlns=\"urn:oasis:names:tc:SAML:2.0:metadata\" entityID=\"x\"/>");
        await page.GetByLabel("Enable SSO").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        var error = page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "Not saved:" });
        await error.WaitForAsync();
        Assert.True((await error.InnerTextAsync()).Length > "Not saved:".Length + 10, await error.InnerTextAsync());
        Assert.Equal(0, await page.GetByRole(AriaRole.Status).CountAsync());
        await page.GotoAsync("/organization/single-sign-on");
        Assert.Contains("Not configured yet.", await page.GetByRole(AriaRole.Region, new() { Name = "Microsoft Entra ID" }).InnerTextAsync());
        Assert.False(await page.GetByLabel("Enable SSO").IsCheckedAsync());
    }

    private string Url(string path) => _gateway.BaseAddress!.ToString().TrimEnd('/') + path;

    private Uri TestThisApplication(SsoApi.Settings settings) => _entra.TestThisApplicationUrl(settings.SpEntityId, settings.AcsUrl);

    /// <summary>An organization with provisioning ready, and a domain of its own for its members' user names.</summary>
    private async Task<(AdminApi Admin, AdminApi.SignedUpOrganization Organization, ScimClient Scim, string Domain)> ProvisionedOrganizationAsync()
    {
        var admin = new AdminApi(_gateway);
        var (organization, token) = await admin.ProvisioningReadyAsync(CancellationToken);
        return (admin, organization, new ScimClient(_gateway, token.BaseUrl, token.Token), $"{Guid.NewGuid():N}.contoso.test");
    }

    /// <summary>A member Entra provisioned, once Directory has the account: their user principal name and account.</summary>
    private async Task<(string UserPrincipalName, Guid AccountId)> ProvisionMemberAsync(AdminApi admin, AdminApi.SignedUpOrganization organization, ScimClient scim, string domain, string name)
    {
        var userPrincipalName = $"{name}@{domain}";
        await scim.CreateUserAsync(CancellationToken, userPrincipalName);
        List<JsonElement> accounts = [];
        await Wait.UntilAsync(async () => (accounts = await admin.ListAllAsync(organization, $"accounts?q={Uri.EscapeDataString(userPrincipalName)}", CancellationToken)).Count == 1,
            "Directory has the provisioned member", TimeSpan.FromSeconds(30), CancellationToken);
        return (userPrincipalName, accounts[0].GetProperty("accountId").GetGuid());
    }

    /// <summary>The account the page's session cookie belongs to, from <c>/api/me</c>.</summary>
    private async Task<Guid> SignedInAsAsync(IPage page)
    {
        var session = (await page.Context.CookiesAsync()).SingleOrDefault(c => c.Name == "__Host-workteam_session")?.Value;
        Assert.True(session is not null, $"no session cookie at {page.Url}: {await page.Locator("body").InnerTextAsync()}");
        using var me = await new AdminApi(_gateway).SendAsync(HttpMethod.Get, "/api/me", session, null, CancellationToken);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        return (await me.Content.ReadFromJsonAsync<JsonElement>(CancellationToken)).GetProperty("accountId").GetGuid();
    }

    private async Task<IPage> SignedInPageAsync(string email, string path)
    {
        var page = await NewPageAsync();
        await page.GotoAsync($"/signin?returnUrl={Uri.EscapeDataString(path)}");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(AdminApi.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Browser.WaitForAddressAsync(page, Regex.Escape(path) + "$");
        return page;
    }

    private async Task<IPage> NewPageAsync()
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions { BaseURL = _gateway.BaseAddress!.ToString() });
        return await context.NewPageAsync();
    }
}
