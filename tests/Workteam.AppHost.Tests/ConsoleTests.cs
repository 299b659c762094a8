using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Workteam.AppHost.Tests;

/// <summary>The admin console in headless Chromium, through the gateway.</summary>
[Collection(SharedAppHostCollection.Name)]
public sealed class ConsoleTests(SharedAppHost shared) : IAsyncLifetime
{
    private readonly HttpClient _gateway = shared.Host.CreateGatewayClient();
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
    }

    [Fact]
    public async Task An_admin_signs_up_enables_provisioning_and_a_generated_token_works_until_revoked_in_the_page()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/signup");
        await page.GetByLabel("Organization name").FillAsync("Console test " + Guid.NewGuid().ToString("N")[..6]);
        var adminEmail = AdminApi.NewEmail();
        await page.GetByLabel("Your email").FillAsync(adminEmail);
        await page.GetByLabel("Password").FillAsync(AdminApi.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create organization" }).ClickAsync();

        await Browser.WaitForAddressAsync(page, "/organization/settings$");
        await page.GetByRole(AriaRole.Heading, new() { Name = "SCIM User Provisioning" }).WaitForAsync();
        await page.GetByLabel("Enable SCIM provisioning").CheckAsync();
        await page.GetByLabel("Failure notification email").FillAsync("it-alerts@example.test");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await page.GetByText("Provisioning settings saved.").WaitForAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Generate token" }).ClickAsync();
        var token = await page.Locator("#scim-token").InputValueAsync();
        var baseUrl = await page.Locator("#scim-base-url").InputValueAsync();
        Assert.StartsWith("wtscim_", token);
        Assert.StartsWith(_gateway.BaseAddress!.ToString().TrimEnd('/') + "/scim/v2/", baseUrl);

        var url = Scim.TestConnectionUsersPath(baseUrl);
        using var works = await Scim.GetAsync(_gateway, url, $"Bearer {token}", CancellationToken);
        Assert.Equal(HttpStatusCode.OK, works.StatusCode);

        await page.GotoAsync("/organization/settings");
        Assert.Equal(0, await page.Locator("#scim-token").CountAsync());
        Assert.DoesNotContain(token, await page.ContentAsync());

        await page.GetByRole(AriaRole.Button, new() { Name = $"Revoke token {token[..14]}" }).ClickAsync();
        await page.GetByText("Token revoked.").WaitForAsync();
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = token[..14] });
        Assert.Equal("Revoked.", (await row.GetByRole(AriaRole.Cell).Nth(4).TextContentAsync())?.Trim());
        Assert.Equal(0, await row.GetByRole(AriaRole.Button, new() { Name = "Revoke" }).CountAsync());
        await Scim.WaitForStatusAsync(_gateway, url, $"Bearer {token}", HttpStatusCode.Unauthorized, TimeSpan.FromSeconds(5), CancellationToken);

        // The audit log shows the token just revoked, by its prefix only, and who revoked it.
        await page.GetByRole(AriaRole.Link, new() { Name = "Audit log" }).ClickAsync();
        await Browser.WaitForAddressAsync(page, "/organization/audit$");
        var revoked = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Revoked a SCIM token" });
        Assert.Equal(1, await revoked.CountAsync());
        Assert.Contains(token[..14], await revoked.InnerTextAsync());
        Assert.Contains(adminEmail, await revoked.InnerTextAsync());
        Assert.Equal(1, await page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Generated a SCIM token" }).CountAsync());
        Assert.DoesNotContain(token, await page.ContentAsync());
    }

    [Fact]
    public async Task A_member_is_refused_the_settings_page_and_never_sees_tokens()
    {
        var admin = new AdminApi(_gateway);
        var (organization, _) = await admin.ProvisioningReadyAsync(CancellationToken);
        var memberEmail = AdminApi.NewEmail("member");
        await admin.CreateAccountAsync(organization, memberEmail, "Member", CancellationToken);

        var page = await NewPageAsync();
        await page.GotoAsync("/signin");
        await page.GetByLabel("Email").FillAsync(memberEmail);
        await page.GetByLabel("Password").FillAsync(AdminApi.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        // Signed in once the form has sent the member on (waiting for a load state races the redirect).
        await Browser.WaitToLeaveAsync(page, "/signin");

        var response = await page.GotoAsync("/organization/settings");
        Assert.Equal(403, response!.Status);
        Assert.DoesNotContain("wtscim_", await page.ContentAsync());

        // Signing out in the console ends the session itself, not only the cookie.
        var cookie = (await page.Context.CookiesAsync()).Single(c => c.Name == "__Host-workteam_session");
        Assert.True(cookie.Secure && cookie.HttpOnly && cookie.Path == "/", "the session cookie is Secure, HttpOnly and for the whole host");
        var session = cookie.Value;
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        // Signing out sends the page back to where it was, so its address says nothing: the header offers to sign in.
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Sign in" }).WaitForAsync();
        using var me = await admin.SendAsync(HttpMethod.Get, "/api/me", session, null, CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
    }

    [Fact]
    public async Task An_admin_suspends_reactivates_and_promotes_a_member_in_the_members_page_but_not_their_own_account()
    {
        var admin = new AdminApi(_gateway);
        var organization = await admin.SignUpAsync(CancellationToken);
        var memberEmail = AdminApi.NewEmail("member");
        await admin.CreateAccountAsync(organization, memberEmail, "Member", CancellationToken);

        var page = await SignedInPageAsync(organization.AdminEmail, "/organization/members");

        var memberRow = page.GetByRole(AriaRole.Row).Filter(new() { HasText = memberEmail });
        await memberRow.GetByRole(AriaRole.Button, new() { Name = "Suspend" }).ClickAsync();
        await page.GetByRole(AriaRole.Status).Filter(new() { HasText = $"{memberEmail} is now Member, Suspended." }).WaitForAsync();
        await memberRow.GetByRole(AriaRole.Button, new() { Name = "Reactivate" }).ClickAsync();
        await page.GetByRole(AriaRole.Status).Filter(new() { HasText = $"{memberEmail} is now Member, Active." }).WaitForAsync();
        await memberRow.GetByRole(AriaRole.Button, new() { Name = "Make admin" }).ClickAsync();
        await page.GetByRole(AriaRole.Status).Filter(new() { HasText = $"{memberEmail} is now Admin, Active." }).WaitForAsync();

        // The page offers no buttons on the admin's own row.
        var ownRow = page.GetByRole(AriaRole.Row).Filter(new() { HasText = organization.AdminEmail });
        Assert.Equal(0, await ownRow.GetByRole(AriaRole.Button).CountAsync());
    }

    [Fact]
    public async Task An_admin_filters_the_provisioning_activity_to_failures_opens_one_and_follows_it_to_the_member()
    {
        var admin = new AdminApi(_gateway);
        var (organization, token) = await admin.ProvisioningReadyAsync(CancellationToken);
        var scim = new ScimClient(_gateway, token.BaseUrl, token.Token);
        var activity = new ActivityLogApi(admin, organization);
        var email = AdminApi.NewEmail("shared");
        var holder = await scim.CreateUserAsync(CancellationToken, null, $$""","emails":[{"value":"{{email}}","type":"work"}]""");
        await activity.RowAsync(holder, "Create user", CancellationToken);
        var failingUserName = $"second-{Guid.NewGuid():N}@contoso.test";
        var failing = await scim.CreateUserAsync(CancellationToken, failingUserName, $$""","emails":[{"value":"{{email}}","type":"work"}]""");
        var failed = await activity.RowAsync(failing, "Create user", CancellationToken);
        Assert.Equal("Failed", failed.GetProperty("outcome").GetString());

        var page = await SignedInPageAsync(organization.AdminEmail, "/organization/settings");
        var status = page.GetByRole(AriaRole.Region, new() { Name = "Current status" });
        Assert.Contains(failingUserName, await status.InnerTextAsync());

        await status.GetByRole(AriaRole.Link, new() { Name = "Failures only" }).ClickAsync();
        await Browser.WaitForAddressAsync(page, @"/organization/provisioning-activity\?failed=true$");
        Assert.True(await page.GetByLabel("Failures only").IsCheckedAsync());
        var rows = page.GetByRole(AriaRole.Row).Filter(new() { HasText = failingUserName });
        Assert.Equal(1, await rows.CountAsync());
        Assert.Equal(0, await page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Applied" }).CountAsync());

        await rows.GetByText("Failed").ClickAsync();
        var reason = rows.GetByText($"The email {email} belongs to another member of this organization");
        await reason.WaitForAsync();
        Assert.True(await reason.IsVisibleAsync());

        await rows.GetByRole(AriaRole.Link, new() { Name = failingUserName }).ClickAsync();
        await Browser.WaitForAddressAsync(page, $"/organization/members/{failed.GetProperty("accountId").GetString()}$");
        Assert.Contains(failingUserName, await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).InnerTextAsync());
    }

    [Fact]
    public async Task An_admin_finds_a_member_among_300_opens_their_page_and_follows_a_team_link()
    {
        var admin = new AdminApi(_gateway);
        var (organization, token) = await admin.ProvisioningReadyAsync(CancellationToken);
        var scim = new ScimClient(_gateway, token.BaseUrl, token.Token);
        var tag = Guid.NewGuid().ToString("N")[..6];
        await Parallel.ForAsync(0, 300, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = CancellationToken }, async (i, cancellationToken) =>
            await scim.CreateUserAsync(cancellationToken, $"person{i:D3}.{tag}@contoso.test", $",\"displayName\":\"Person {i:D3} {tag}\""));
        var wanted = await scim.CreateUserAsync(CancellationToken, $"katherine.{tag}@contoso.test", ",\"displayName\":\"Katherine Johnson\",\"title\":\"Mathematician\"");
        var teamName = $"Flight Research {tag}";
        var group = await scim.CreateGroupAsync(CancellationToken, teamName);
        Assert.Equal(HttpStatusCode.NoContent, (await scim.PatchAsync($"/Groups/{group}",
            $$"""{"Operations":[{"op":"Add","path":"members","value":[{"value":"{{wanted}}"}]}]}""", CancellationToken)).Status);
        Assert.Equal(HttpStatusCode.OK, (await scim.PatchAsync($"/Users/{wanted}?aadOptscim062020",
            """{"Operations":[{"op":"Replace","path":"active","value":false}]}""", CancellationToken)).Status);
        await Wait.UntilAsync(async () => await ManagedMembersAsync(admin, organization) == 301
                && (await admin.ListAllAsync(organization, $"accounts?team={await TeamIdAsync(admin, organization)}&status=Suspended", CancellationToken)).Count == 1,
            "Directory has the 301 members and the team", TimeSpan.FromSeconds(90), CancellationToken);

        var page = await SignedInPageAsync(organization.AdminEmail, "/organization/members");
        Assert.Equal(50, await page.GetByRole(AriaRole.Row).CountAsync() - 1);
        Assert.Contains("302 members", await page.Locator("main").InnerTextAsync());

        await page.GetByRole(AriaRole.Searchbox).Or(page.GetByLabel("Search")).First.FillAsync("kath");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Browser.WaitForAddressAsync(page, @"/organization/members\?q=kath");
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Katherine Johnson" });
        Assert.Equal(1, await row.CountAsync());
        Assert.Equal(2, await page.GetByRole(AriaRole.Row).CountAsync());
        Assert.Contains("Managed by Microsoft Entra ID", await row.InnerTextAsync());
        // Entra disabled her: her row says why there is no Reactivate and points to Entra; suspending stays possible.
        await row.GetByRole(AriaRole.Note).Filter(new() { HasText = "Microsoft Entra ID has disabled this member" }).WaitForAsync();
        Assert.Contains("Enterprise applications → Workteam → Users and groups", await row.InnerTextAsync());
        Assert.Equal(0, await row.GetByRole(AriaRole.Button, new() { Name = "Reactivate" }).CountAsync());
        Assert.Equal(1, await row.GetByRole(AriaRole.Button, new() { Name = "Suspend" }).CountAsync());

        await row.GetByRole(AriaRole.Link, new() { Name = "Katherine Johnson", Exact = true }).ClickAsync();
        await Browser.WaitForAddressAsync(page, "/organization/members/[^/?]+$");
        Assert.Contains("Mathematician", await page.Locator("main").InnerTextAsync());
        Assert.Contains("Managed by Microsoft Entra ID", await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).InnerTextAsync());
        // Entra disabled her: the page says why there is no Reactivate, and points to Entra.
        await page.GetByRole(AriaRole.Note).Filter(new() { HasText = "Microsoft Entra ID has disabled this member" }).WaitForAsync();
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "Reactivate" }).CountAsync());
        await page.GetByRole(AriaRole.Link, new() { Name = teamName }).ClickAsync();
        await Browser.WaitForAddressAsync(page, "/organization/teams/[^/?]+$");
        Assert.Contains(teamName, await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).InnerTextAsync());
        Assert.Equal(1, await page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Katherine Johnson" }).CountAsync());
    }

    [Fact]
    public async Task An_anonymous_visitor_is_sent_to_sign_in()
    {
        var page = await NewPageAsync();

        await page.GotoAsync("/organization/settings");

        Assert.Contains("/signin?returnUrl=", page.Url);
        await page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" }).WaitForAsync();
        // The stylesheet really arrives through the gateway (a browser asks for compressed variants).
        await page.WaitForLoadStateAsync(LoadState.Load);
        Assert.Equal("rgb(29, 35, 48)", await page.EvaluateAsync<string>("getComputedStyle(document.querySelector('.site-header')).backgroundColor"));
    }

    [Fact]
    public async Task A_person_with_accounts_in_two_organizations_chooses_one_on_the_sign_in_page()
    {
        var email = AdminApi.NewEmail("chooser");
        var names = new List<string>();
        var organizations = new List<Guid>();
        for (var i = 0; i < 2; i++)
        {
            names.Add($"Chooser {i} {Guid.NewGuid().ToString("N")[..6]}");
            using var created = await _gateway.PostAsJsonAsync("/api/organizations",
                new { name = names[i], adminEmail = email, adminPassword = AdminApi.Password }, CancellationToken);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            organizations.Add((await created.Content.ReadFromJsonAsync<JsonElement>(CancellationToken)).GetProperty("organizationId").GetGuid());
        }

        var page = await NewPageAsync();
        await page.GotoAsync("/signin");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(AdminApi.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await page.GetByText("You have an account in several organizations").WaitForAsync();
        await page.GetByLabel(names[1]).CheckAsync();
        await page.GetByLabel("Password").FillAsync(AdminApi.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Browser.WaitForAddressAsync(page, "/organization/settings$");

        var session = (await page.Context.CookiesAsync()).Single(c => c.Name == "__Host-workteam_session").Value;
        using var me = await new AdminApi(_gateway).SendAsync(HttpMethod.Get, "/api/me", session, null, CancellationToken);
        Assert.Equal(organizations[1], (await me.Content.ReadFromJsonAsync<JsonElement>(CancellationToken)).GetProperty("organizationId").GetGuid());
    }

    [Fact]
    public async Task A_person_resets_their_password_from_the_sign_in_page_through_the_mailed_link()
    {
        const string newPassword = "a brand new passphrase";
        var organization = await new AdminApi(_gateway).SignUpAsync(CancellationToken);
        using var mail = shared.Host.CreateMailClient();

        var page = await NewPageAsync();
        await page.GotoAsync("/signin");
        await page.GetByRole(AriaRole.Link, new() { Name = "Forgot your password?" }).ClickAsync();
        await page.GetByLabel("Email").FillAsync(organization.AdminEmail);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send reset link" }).ClickAsync();
        await page.GetByRole(AriaRole.Status).Filter(new() { HasText = "a link to choose a new one is on its way" }).WaitForAsync();

        List<JsonElement> resetMails = [];
        await Wait.UntilAsync(async () => (resetMails = (await Mailbox.MessagesToAsync(mail, organization.AdminEmail, CancellationToken))
                .Where(m => m.GetProperty("subject").GetString()!.StartsWith("Reset your Workteam password", StringComparison.Ordinal)).ToList()).Count > 0,
            "the password-reset mail arrives", TimeSpan.FromSeconds(30), CancellationToken);
        var link = Regex.Match(await Mailbox.PlainTextAsync(mail, resetMails[0], CancellationToken), @"/password-reset#wtpwr_[A-Za-z0-9_\-]+").Value;
        Assert.NotEmpty(link);

        await page.GotoAsync(link);
        await page.GetByLabel("New password", new() { Exact = true }).FillAsync(newPassword);
        await page.GetByLabel("Confirm new password").FillAsync(newPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Set new password" }).ClickAsync();
        await page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Sign in with your new password" }).WaitForAsync();

        await page.GotoAsync("/signin");
        await page.GetByLabel("Email").FillAsync(organization.AdminEmail);
        await page.GetByLabel("Password").FillAsync(newPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Browser.WaitForAddressAsync(page, "/organization/settings$");
    }

    [Fact]
    public async Task An_admin_resends_an_invitation_from_the_member_page()
    {
        var admin = new AdminApi(_gateway);
        var (organization, token) = await admin.ProvisioningReadyAsync(CancellationToken);
        using var mail = shared.Host.CreateMailClient();
        var email = AdminApi.NewEmail("invited");
        await new ScimClient(_gateway, token.BaseUrl, token.Token).CreateUserAsync(CancellationToken, email);
        await Mailbox.WaitForRecipientAsync(mail, email, TimeSpan.FromSeconds(30), CancellationToken);
        var accountId = (await admin.ListAllAsync(organization, $"accounts?q={Uri.EscapeDataString(email)}", CancellationToken))
            .Single().GetProperty("accountId").GetString();

        var page = await SignedInPageAsync(organization.AdminEmail, $"/organization/members/{accountId}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Resend invitation" }).ClickAsync();
        await page.GetByRole(AriaRole.Status).Filter(new() { HasText = $"A new invitation is on its way to {email}" }).WaitForAsync();

        await Mailbox.WaitForMessagesToAsync(mail, email, 2, TimeSpan.FromSeconds(30), CancellationToken);
    }

    private async Task<int> ManagedMembersAsync(AdminApi admin, AdminApi.SignedUpOrganization organization)
    {
        using var response = await admin.SendAsync(HttpMethod.Get, $"/api/organizations/{organization.OrganizationId}/accounts?managed=true&limit=1",
            organization.AccessToken, null, CancellationToken);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(CancellationToken)).GetProperty("total").GetInt32();
    }

    private async Task<string?> TeamIdAsync(AdminApi admin, AdminApi.SignedUpOrganization organization) =>
        (await admin.ListAllAsync(organization, "teams", CancellationToken)).Select(t => t.GetProperty("teamId").GetString()).FirstOrDefault() ?? Guid.Empty.ToString();

    /// <summary>A page signed in through the sign-in form, showing <paramref name="path"/>.</summary>
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
