using System.Net;
using System.Text.Json;

namespace Workteam.AppHost.Tests;

/// <summary>Every admin action and security event of an organization is in its audit log, and only its admins read it.</summary>
[Collection(SharedAppHostCollection.Name)]
public sealed class AuditLogTests(SharedAppHost shared)
{
    private readonly HttpClient _gateway = shared.Host.CreateGatewayClient();
    private AdminApi Admin => new(_gateway);
    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    private async Task<List<JsonElement>> EntriesAsync(AdminApi.SignedUpOrganization organization, string query = "")
    {
        using var response = await Admin.SendAsync(HttpMethod.Get, $"/api/organizations/{organization.OrganizationId}/audit{query}", organization.AccessToken, null, CancellationToken);
        var text = await response.Content.ReadAsStringAsync(CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return [.. JsonDocument.Parse(text).RootElement.GetProperty("items").EnumerateArray().Select(e => e.Clone())];
    }

    private static JsonElement Single(List<JsonElement> entries, string action) =>
        Assert.Single(entries, e => e.GetProperty("action").GetString() == action);

    [Fact]
    public async Task Settings_tokens_and_member_changes_are_recorded_with_who_did_them()
    {
        var (organization, token) = await Admin.ProvisioningReadyAsync(CancellationToken);
        await Admin.SetScimAsync(organization, enabled: true, CancellationToken, notificationEmail: "it@contoso.test");
        using (var invitationsOff = await Admin.SendAsync(HttpMethod.Put, $"/api/organizations/{organization.OrganizationId}/scim", organization.AccessToken,
            new { enabled = false, notificationEmail = "it@contoso.test", invitationsEnabled = false }, CancellationToken))
        {
            Assert.Equal(HttpStatusCode.OK, invitationsOff.StatusCode);
        }

        using (var revoked = await Admin.SendAsync(HttpMethod.Delete, $"/api/organizations/{organization.OrganizationId}/scim/tokens/{token.TokenId}", organization.AccessToken, null, CancellationToken))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        }

        var memberEmail = AdminApi.NewEmail("member");
        var memberId = await Admin.CreateAccountAsync(organization, memberEmail, "Member", CancellationToken);
        foreach (var change in new object[] { new { role = "Admin" }, new { status = "Suspended" } })
        {
            using var changed = await Admin.SendAsync(HttpMethod.Patch, $"/api/organizations/{organization.OrganizationId}/accounts/{memberId}", organization.AccessToken, change, CancellationToken);
            Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        }

        var entries = await EntriesAsync(organization);
        var prefix = token.Token[..14];
        Assert.All(entries.Where(e => e.GetProperty("action").GetString() != "AdminSignedIn"), e =>
        {
            Assert.Equal(organization.AdminEmail, e.GetProperty("actor").GetProperty("email").GetString());
            Assert.Equal(JsonValueKind.String, e.GetProperty("actor").GetProperty("accountId").ValueKind);
        });
        Assert.Equal($"SCIM token {prefix}…", Single(entries, "ScimTokenGenerated").GetProperty("target").GetString());
        Assert.Equal($"SCIM token {prefix}…", Single(entries, "ScimTokenRevoked").GetProperty("target").GetString());
        Single(entries, "ProvisioningEnabled");
        Single(entries, "ProvisioningDisabled");
        Assert.Equal("none → it@contoso.test", Single(entries, "NotificationEmailChanged").GetProperty("detail").GetString());
        Single(entries, "InvitationsChanged");
        var role = Single(entries, "MemberRoleChanged");
        Assert.Equal(memberEmail, role.GetProperty("target").GetString());
        Assert.Equal("Member → Admin", role.GetProperty("detail").GetString());
        Assert.Equal("Active → Suspended", Single(entries, "MemberStatusChanged").GetProperty("detail").GetString());
        Assert.DoesNotContain(token.Token, string.Join('\n', entries.Select(e => e.GetRawText())));

        var times = entries.Select(e => e.GetProperty("at").GetDateTimeOffset()).ToList();
        Assert.Equal(times.OrderDescending(), times);
        Assert.Equal([memberEmail], (await EntriesAsync(organization, $"?q={memberEmail.ToUpperInvariant()[..10]}")).Select(e => e.GetProperty("target").GetString()).Distinct());
    }

    [Fact]
    public async Task Admin_sign_ins_failed_sign_ins_and_a_lockout_are_recorded()
    {
        var organization = await Admin.SignUpAsync(CancellationToken);
        var memberEmail = AdminApi.NewEmail("member");
        await Admin.CreateAccountAsync(organization, memberEmail, "Member", CancellationToken);
        await Admin.SignInAsync(memberEmail, AdminApi.Password, CancellationToken);
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await _gateway.PostAsync("/api/sessions", System.Net.Http.Json.JsonContent.Create(new { email = memberEmail, password = "not the password at all" }), CancellationToken);
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        var entries = await EntriesAsync(organization);
        var signIn = Single(entries, "AdminSignedIn");
        Assert.Equal(organization.AdminEmail, signIn.GetProperty("actor").GetProperty("email").GetString());
        Assert.Equal(5, entries.Count(e => e.GetProperty("action").GetString() == "SignInFailed" && e.GetProperty("target").GetString() == memberEmail));
        Assert.Contains("locked until", Single(entries, "AccountLocked").GetProperty("detail").GetString());
        // A member's own sign-in is not an admin sign-in.
        Assert.Single(entries, e => e.GetProperty("action").GetString() == "AdminSignedIn");
    }

    [Fact]
    public async Task Pages_are_stable_while_entries_arrive_and_bad_parameters_are_refused()
    {
        var (organization, _) = await Admin.ProvisioningReadyAsync(CancellationToken);
        for (var i = 0; i < 6; i++)
        {
            await Admin.GenerateTokenAsync(organization, CancellationToken);
        }

        var before = (await EntriesAsync(organization, "?limit=200")).Select(e => e.GetProperty("id").GetString()).ToList();
        var writer = Task.Run(async () =>
        {
            for (var i = 0; i < 5; i++)
            {
                await Admin.GenerateTokenAsync(organization, CancellationToken);
            }
        }, CancellationToken);
        var seen = new List<string?>();
        string? cursor = null;
        do
        {
            using var response = await Admin.SendAsync(HttpMethod.Get,
                $"/api/organizations/{organization.OrganizationId}/audit?limit=3{(cursor is null ? "" : "&cursor=" + cursor)}", organization.AccessToken, null, CancellationToken);
            var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync(CancellationToken)).RootElement;
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("id").GetString()));
            cursor = page.GetProperty("next").GetString();
        }
        while (cursor is not null);
        await writer;
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.All(before, id => Assert.Contains(id, seen));

        foreach (var query in new[] { "?cursor=zzz", "?limit=0", "?from=soon", "?from=2026-12-05T10:00:00Z&to=2026-12-01T00:00:00Z" })
        {
            using var bad = await Admin.SendAsync(HttpMethod.Get, $"/api/organizations/{organization.OrganizationId}/audit{query}", organization.AccessToken, null, CancellationToken);
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        }

        Assert.True((await EntriesAsync(organization, "?limit=5000")).Count <= 200);
        Assert.Empty(await EntriesAsync(organization, "?to=2000-01-01T00:00:00Z"));
    }

    [Fact]
    public async Task Only_admins_of_the_organization_read_its_audit_log()
    {
        var organization = await Admin.SignUpAsync(CancellationToken);
        var other = await Admin.SignUpAsync(CancellationToken);
        var memberEmail = AdminApi.NewEmail("member");
        await Admin.CreateAccountAsync(organization, memberEmail, "Member", CancellationToken);
        var member = await Admin.SignInAsync(memberEmail, AdminApi.Password, CancellationToken);
        var url = $"/api/organizations/{organization.OrganizationId}/audit";
        using var asOther = await Admin.SendAsync(HttpMethod.Get, url, other.AccessToken, null, CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, asOther.StatusCode);
        using var asMember = await Admin.SendAsync(HttpMethod.Get, url, member, null, CancellationToken);
        Assert.Equal(HttpStatusCode.Forbidden, asMember.StatusCode);
        using var anonymous = await Admin.SendAsync(HttpMethod.Get, url, null, null, CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }
}
