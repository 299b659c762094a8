using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Workteam.AppHost.Tests;

/// <summary>An admin resends a provisioned member's invitation: a new code is mailed and the old link stops working.</summary>
[Collection(SharedAppHostCollection.Name)]
public sealed partial class ResendInvitationTests(SharedAppHost shared)
{
    private static readonly TimeSpan MailTimeout = TimeSpan.FromSeconds(30);

    private readonly HttpClient _gateway = shared.Host.CreateGatewayClient();
    private readonly HttpClient _mail = shared.Host.CreateMailClient();
    private AdminApi Admin => new(_gateway);
    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_resent_invitation_replaces_the_old_code_and_an_accepted_one_cannot_be_resent()
    {
        var (organization, token) = await Admin.ProvisioningReadyAsync(CancellationToken);
        var scim = new ScimClient(_gateway, token.BaseUrl, token.Token);
        var email = AdminApi.NewEmail("invited");
        await scim.CreateUserAsync(CancellationToken, email);
        var oldCode = await CodeOfAsync((await Mailbox.WaitForMessagesToAsync(_mail, email, 1, MailTimeout, CancellationToken))[0]);
        var accountId = await AccountIdAsync(organization, email);

        using (var resent = await ResendAsync(organization.OrganizationId, accountId, organization.AccessToken))
        {
            Assert.Equal(HttpStatusCode.Accepted, resent.StatusCode);
            Assert.Equal(email, (await resent.Content.ReadFromJsonAsync<JsonElement>(CancellationToken)).GetProperty("email").GetString());
        }

        var newCode = await CodeOfAsync((await Mailbox.WaitForMessagesToAsync(_mail, email, 2, MailTimeout, CancellationToken))[1]);
        Assert.NotEqual(oldCode, newCode);
        using (var old = await AcceptAsync(oldCode))
        {
            Assert.Equal(HttpStatusCode.Gone, old.StatusCode);
        }

        using (var accepted = await AcceptAsync(newCode))
        {
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }

        using (var again = await ResendAsync(organization.OrganizationId, accountId, organization.AccessToken))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
            Assert.Contains("already accepted", await again.Content.ReadAsStringAsync(CancellationToken));
        }

        using var audit = await Admin.SendAsync(HttpMethod.Get, $"/api/organizations/{organization.OrganizationId}/audit", organization.AccessToken, null, CancellationToken);
        Assert.Contains((await audit.Content.ReadFromJsonAsync<JsonElement>(CancellationToken)).GetProperty("items").EnumerateArray(),
            e => e.GetProperty("action").GetString() == "InvitationResent" && e.GetProperty("targetAccountId").GetGuid() == accountId);
    }

    [Fact]
    public async Task Only_admins_of_the_organization_resend_another_organization_gets_404_and_a_member_403()
    {
        var (organization, token) = await Admin.ProvisioningReadyAsync(CancellationToken);
        var scim = new ScimClient(_gateway, token.BaseUrl, token.Token);
        var email = AdminApi.NewEmail("invited");
        await scim.CreateUserAsync(CancellationToken, email);
        await Mailbox.WaitForRecipientAsync(_mail, email, MailTimeout, CancellationToken);
        var accountId = await AccountIdAsync(organization, email);
        var other = await Admin.SignUpAsync(CancellationToken);
        var memberEmail = AdminApi.NewEmail("member");
        await Admin.CreateAccountAsync(organization, memberEmail, "Member", CancellationToken);
        var memberSession = await Admin.SignInAsync(memberEmail, AdminApi.Password, CancellationToken);

        using (var otherAdmin = await ResendAsync(organization.OrganizationId, accountId, other.AccessToken))
        {
            Assert.Equal(HttpStatusCode.NotFound, otherAdmin.StatusCode);
        }

        using (var fromMember = await ResendAsync(organization.OrganizationId, accountId, memberSession))
        {
            Assert.Equal(HttpStatusCode.Forbidden, fromMember.StatusCode);
        }

        using (var unknownAccount = await ResendAsync(organization.OrganizationId, Guid.NewGuid(), organization.AccessToken))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknownAccount.StatusCode);
        }

        Assert.Single(await Mailbox.MessagesToAsync(_mail, email, CancellationToken));
    }

    [GeneratedRegex(@"/invitations#(wtinv_[A-Za-z0-9_\-]+)")]
    private static partial Regex InvitationCode();

    private Task<HttpResponseMessage> ResendAsync(Guid organizationId, Guid accountId, string session) =>
        Admin.SendAsync(HttpMethod.Post, $"/api/organizations/{organizationId}/accounts/{accountId}/invitation", session, null, CancellationToken);

    private Task<HttpResponseMessage> AcceptAsync(string code) =>
        _gateway.PostAsJsonAsync("/api/invitations/accept", new { code, password = AdminApi.Password }, CancellationToken);

    private async Task<string> CodeOfAsync(JsonElement mail) =>
        InvitationCode().Match(await Mailbox.PlainTextAsync(_mail, mail, CancellationToken)).Groups[1].Value;

    private async Task<Guid> AccountIdAsync(AdminApi.SignedUpOrganization organization, string email) =>
        (await Admin.ListAllAsync(organization, $"accounts?q={Uri.EscapeDataString(email)}", CancellationToken))
        .Single(a => a.GetProperty("email").GetString() == email).GetProperty("accountId").GetGuid();
}
