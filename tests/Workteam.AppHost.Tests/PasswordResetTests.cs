using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Workteam.AppHost.Tests;

/// <summary>
/// Password reset through the API: the same answer for every email, one-hour one-time links that end every session,
/// at most 3 mails per account per hour, and no mail to members without access or without a password. Directory
/// handles requests in order, so once a later request's mail has arrived an earlier one's (missing) mail is settled.
/// </summary>
[Collection(SharedAppHostCollection.Name)]
public sealed partial class PasswordResetTests(SharedAppHost shared)
{
    private static readonly TimeSpan MailTimeout = TimeSpan.FromSeconds(30);
    private const string ResetSubjectStart = "Reset your Workteam password";
    private const string NewPassword = "a brand new passphrase";

    private readonly HttpClient _gateway = shared.Host.CreateGatewayClient();
    private readonly HttpClient _mail = shared.Host.CreateMailClient();
    private AdminApi Admin => new(_gateway);
    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_unknown_email_gets_the_same_answer_as_a_known_one_and_no_mail()
    {
        var organization = await Admin.SignUpAsync(CancellationToken);
        var unknown = AdminApi.NewEmail("nobody");

        using var forUnknown = await RequestAsync(unknown);
        using var forKnown = await RequestAsync(organization.AdminEmail);

        Assert.Equal(HttpStatusCode.Accepted, forUnknown.StatusCode);
        Assert.Equal(forUnknown.StatusCode, forKnown.StatusCode);
        Assert.Equal(await forUnknown.Content.ReadAsStringAsync(CancellationToken), await forKnown.Content.ReadAsStringAsync(CancellationToken));
        await WaitForResetMailsAsync(organization.AdminEmail, 1);
        Assert.Empty(await Mailbox.MessagesToAsync(_mail, unknown, CancellationToken));
    }

    [Fact]
    public async Task A_link_sets_the_password_once_ends_every_session_and_then_answers_410()
    {
        var organization = await Admin.SignUpAsync(CancellationToken);
        using (var requested = await RequestAsync(organization.AdminEmail))
        {
            Assert.Equal(HttpStatusCode.Accepted, requested.StatusCode);
        }

        var code = await CodeOfAsync((await WaitForResetMailsAsync(organization.AdminEmail, 1))[0]);
        Assert.StartsWith("wtpwr_", code);

        using (var weak = await ResetAsync(code, "too short"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
            Assert.Contains("12 to 256 characters", await weak.Content.ReadAsStringAsync(CancellationToken));
        }

        Assert.Equal(HttpStatusCode.OK, await MeAsync(organization.AccessToken));
        using (var reset = await ResetAsync(code, NewPassword))
        {
            Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
            Assert.Equal(organization.AdminEmail, (await reset.Content.ReadFromJsonAsync<JsonElement>(CancellationToken)).GetProperty("email").GetString());
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(organization.AccessToken));
        Assert.Equal(HttpStatusCode.Unauthorized, await SignInStatusAsync(organization.AdminEmail, AdminApi.Password));
        var session = await Admin.SignInAsync(organization.AdminEmail, NewPassword, CancellationToken);

        using (var again = await ResetAsync(code, "yet another passphrase"))
        {
            Assert.Equal(HttpStatusCode.Gone, again.StatusCode);
            Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
            Assert.Contains("was used or has expired", await again.Content.ReadAsStringAsync(CancellationToken));
        }

        using (var page = await _gateway.GetAsync($"/password-reset/{code}", CancellationToken))
        {
            Assert.Equal(HttpStatusCode.Gone, page.StatusCode);
            Assert.Contains("was used or has expired", await page.Content.ReadAsStringAsync(CancellationToken));
        }

        Assert.Equal(HttpStatusCode.OK, await SignInStatusAsync(organization.AdminEmail, NewPassword));
        using var audit = await Admin.SendAsync(HttpMethod.Get, $"/api/organizations/{organization.OrganizationId}/audit", session, null, CancellationToken);
        var actions = (await audit.Content.ReadFromJsonAsync<JsonElement>(CancellationToken)).GetProperty("items").EnumerateArray()
            .Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Contains("PasswordResetRequested", actions);
        Assert.Contains("PasswordReset", actions);
    }

    [Fact]
    public async Task Bad_input_is_a_400_with_the_reason_and_an_unknown_code_a_404()
    {
        using (var missing = await _gateway.PostAsJsonAsync("/api/password-resets", new { }, CancellationToken))
        {
            Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
            Assert.Contains("Enter a valid email address.", await missing.Content.ReadAsStringAsync(CancellationToken));
        }

        using (var malformed = await _gateway.PostAsync("/api/password-resets",
                   new StringContent("{\"email\": ", System.Text.Encoding.UTF8, "application/json"), CancellationToken))
        {
            Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
            Assert.Contains("must be a JSON object", await malformed.Content.ReadAsStringAsync(CancellationToken));
        }

        using (var notAnEmail = await RequestAsync("not an email"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, notAnEmail.StatusCode);
        }

        using (var unknownCode = await ResetAsync("wtpwr_" + new string('x', 43), NewPassword))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknownCode.StatusCode);
        }
    }

    [Fact]
    public async Task A_fourth_request_within_the_hour_sends_no_mail()
    {
        var organization = await Admin.SignUpAsync(CancellationToken);
        var member = AdminApi.NewEmail("member");
        await Admin.CreateAccountAsync(organization, member, "Member", CancellationToken);

        for (var i = 0; i < 4; i++)
        {
            using var requested = await RequestAsync(member);
            Assert.Equal(HttpStatusCode.Accepted, requested.StatusCode);
        }

        await WaitForResetMailsAsync(member, 3);
        // The admin's request comes after the fourth: once its mail is there, the fourth has been handled.
        using (var sentinel = await RequestAsync(organization.AdminEmail))
        {
            Assert.Equal(HttpStatusCode.Accepted, sentinel.StatusCode);
        }

        await WaitForResetMailsAsync(organization.AdminEmail, 1);
        Assert.Equal(3, (await ResetMailsToAsync(member)).Count);
    }

    [Fact]
    public async Task Suspended_Entra_disabled_and_not_yet_invited_members_get_no_mail()
    {
        var (organization, token) = await Admin.ProvisioningReadyAsync(CancellationToken);
        var scim = new ScimClient(_gateway, token.BaseUrl, token.Token);

        var suspended = AdminApi.NewEmail("suspended");
        var suspendedId = await Admin.CreateAccountAsync(organization, suspended, "Member", CancellationToken);
        using (var suspending = await Admin.SendAsync(HttpMethod.Patch, $"/api/organizations/{organization.OrganizationId}/accounts/{suspendedId}",
                   organization.AccessToken, new { status = "Suspended" }, CancellationToken))
        {
            Assert.Equal(HttpStatusCode.OK, suspending.StatusCode);
        }

        var invited = AdminApi.NewEmail("invited");
        await scim.CreateUserAsync(CancellationToken, invited);
        await Mailbox.WaitForRecipientAsync(_mail, invited, MailTimeout, CancellationToken);

        var disabled = AdminApi.NewEmail("disabled");
        var disabledUser = await scim.CreateUserAsync(CancellationToken, disabled);
        var invitation = await Mailbox.WaitForRecipientAsync(_mail, disabled, MailTimeout, CancellationToken);
        var invitationCode = InvitationCode().Match(await Mailbox.PlainTextAsync(_mail, invitation, CancellationToken)).Groups[1].Value;
        using (var accepted = await _gateway.PostAsJsonAsync("/api/invitations/accept", new { code = invitationCode, password = AdminApi.Password }, CancellationToken))
        {
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }

        var deactivated = await scim.PatchAsync($"/Users/{disabledUser}",
            """{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","path":"active","value":false}]}""", CancellationToken);
        Assert.True(deactivated.Status == HttpStatusCode.OK, deactivated.ToString());
        await Wait.UntilAsync(async () => (await Admin.ListAllAsync(organization, $"accounts?q={Uri.EscapeDataString(disabled)}", CancellationToken))
                .Single().GetProperty("status").GetString() == "Suspended",
            "Entra's deactivation reaches Directory", MailTimeout, CancellationToken);

        foreach (var email in new[] { suspended, invited, disabled, organization.AdminEmail })
        {
            using var requested = await RequestAsync(email);
            Assert.Equal(HttpStatusCode.Accepted, requested.StatusCode);
        }

        await WaitForResetMailsAsync(organization.AdminEmail, 1);
        Assert.Empty(await ResetMailsToAsync(suspended));
        Assert.Empty(await ResetMailsToAsync(invited));
        Assert.Empty(await ResetMailsToAsync(disabled));
    }

    [GeneratedRegex(@"/password-reset#(wtpwr_[A-Za-z0-9_\-]+)")]
    private static partial Regex ResetCode();

    [GeneratedRegex(@"/invitations#(wtinv_[A-Za-z0-9_\-]+)")]
    private static partial Regex InvitationCode();

    private Task<HttpResponseMessage> RequestAsync(string email) =>
        _gateway.PostAsJsonAsync("/api/password-resets", new { email }, CancellationToken);

    private Task<HttpResponseMessage> ResetAsync(string code, string password) =>
        _gateway.PostAsJsonAsync($"/api/password-resets/{code}", new { password }, CancellationToken);

    private async Task<string> CodeOfAsync(JsonElement mail) =>
        ResetCode().Match(await Mailbox.PlainTextAsync(_mail, mail, CancellationToken)).Groups[1].Value;

    private async Task<List<JsonElement>> ResetMailsToAsync(string recipient) =>
        (await Mailbox.MessagesToAsync(_mail, recipient, CancellationToken))
        .Where(m => m.GetProperty("subject").GetString()!.StartsWith(ResetSubjectStart, StringComparison.Ordinal)).ToList();

    private async Task<List<JsonElement>> WaitForResetMailsAsync(string recipient, int count)
    {
        List<JsonElement> mails = [];
        await Wait.UntilAsync(async () => (mails = await ResetMailsToAsync(recipient)).Count >= count,
            $"{count} password-reset mails reach {recipient}", MailTimeout, CancellationToken);
        return mails;
    }

    private async Task<HttpStatusCode> MeAsync(string session)
    {
        using var response = await Admin.SendAsync(HttpMethod.Get, "/api/me", session, null, CancellationToken);
        return response.StatusCode;
    }

    private async Task<HttpStatusCode> SignInStatusAsync(string email, string password)
    {
        using var response = await _gateway.PostAsJsonAsync("/api/sessions", new { email, password }, CancellationToken);
        return response.StatusCode;
    }
}
