using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Workteam.AppHost.Tests;

/// <summary>
/// The mass-deprovisioning guard on an app host of its own, whose minimum is small enough for one organization of
/// a dozen members: beyond 20% of them deprovisioned within the hour, Directory holds the rest for an admin.
/// </summary>
[Collection(AppHostCollection.Name)]
public sealed partial class DeprovisioningGuardTests
{
    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    private sealed record Member(string Email, string Session, string ScimUserId);

    [Fact]
    public async Task Beyond_the_share_deactivations_are_held_admins_are_told_and_decide_in_the_api_and_console()
    {
        await using var host = await RunningAppHost.StartAsync(RunningAppHost.NewDataPath(), CancellationToken,
            "Directory:DeprovisioningGuard:Share=0.2", "Directory:DeprovisioningGuard:Window=01:00:00", "Directory:DeprovisioningGuard:MinimumActions=2");
        using var gateway = host.CreateGatewayClient();
        using var mail = host.CreateMailClient();
        var admin = new AdminApi(gateway);
        var (organization, token) = await admin.ProvisioningReadyAsync(CancellationToken);
        var scim = new ScimClient(gateway, token.BaseUrl, token.Token);
        var secondAdmin = AdminApi.NewEmail("second-admin");
        await admin.CreateAccountAsync(organization, secondAdmin, "Admin", CancellationToken);

        // Ten members who sign in, then Entra provisions them (their accounts are adopted by email): 12 active in all.
        var members = new List<Member>();
        for (var i = 0; i < 10; i++)
        {
            var email = AdminApi.NewEmail($"member{i}");
            await admin.CreateAccountAsync(organization, email, "Member", CancellationToken);
            var session = await admin.SignInAsync(email, AdminApi.Password, CancellationToken);
            members.Add(new Member(email, session, await scim.CreateUserAsync(CancellationToken, email)));
        }

        Assert.True(await EventuallyAsync(async () => (await AccountsAsync(admin, organization)).Count(a => a.GetProperty("scimUserId").ValueKind == JsonValueKind.String) == 10),
            "The members were not all provisioned.");

        // Two deactivations are within the limit: applied at once.
        foreach (var member in members[..2])
        {
            await DeactivateAsync(scim, member);
        }

        foreach (var member in members[..2])
        {
            Assert.True(await EventuallyAsync(async () => await MeAsync(admin, member) == HttpStatusCode.Unauthorized), $"{member.Email} still has access");
        }

        // A third is more than 20% of 12: held, and so are the four after it.
        foreach (var member in members[2..7])
        {
            await DeactivateAsync(scim, member);
        }

        List<JsonElement> held = [];
        Assert.True(await EventuallyAsync(async () => (held = await HeldAsync(admin, organization)).Count == 5),
            $"Held: {held.Count}");
        Assert.Equal(members[2..7].Select(m => m.Email).Order(), held.Select(h => h.GetProperty("member").GetString()).Order());
        Assert.All(held, h => Assert.Equal("Deactivate", h.GetProperty("kind").GetString()));
        foreach (var member in members[2..7])
        {
            Assert.Equal(HttpStatusCode.OK, await MeAsync(admin, member));
        }

        var subject = $"Workteam is holding deprovisionings for ";
        foreach (var recipient in new[] { organization.AdminEmail, secondAdmin })
        {
            var message = await Mailbox.WaitForRecipientAsync(mail, recipient, TimeSpan.FromSeconds(30), CancellationToken);
            Assert.StartsWith(subject, message.GetProperty("subject").GetString());
            Assert.Contains("still have access to Workteam until you apply the action", await Mailbox.PlainTextAsync(mail, message, CancellationToken));
        }

        // Applied: the member loses access at once. Discarded: the member keeps it.
        var applied = HeldIdOf(held, members[2]);
        using (var response = await admin.SendAsync(HttpMethod.Post, $"/api/organizations/{organization.OrganizationId}/held-deprovisionings/{applied}/apply",
            organization.AccessToken, null, CancellationToken))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("Applied", (await response.Content.ReadFromJsonAsync<JsonElement>(CancellationToken)).GetProperty("status").GetString());
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(admin, members[2]));
        // The applied action is Entra's switch: no admin can reactivate the member (decision 0019).
        var appliedAccount = held.Single(h => h.GetProperty("member").GetString() == members[2].Email).GetProperty("accountId").GetGuid();
        using (var reactivate = await admin.SendAsync(HttpMethod.Patch, $"/api/organizations/{organization.OrganizationId}/accounts/{appliedAccount}",
            organization.AccessToken, new { status = "Active" }, CancellationToken))
        {
            Assert.Equal(HttpStatusCode.Conflict, reactivate.StatusCode);
        }

        using (var again = await admin.SendAsync(HttpMethod.Post, $"/api/organizations/{organization.OrganizationId}/held-deprovisionings/{applied}/discard",
            organization.AccessToken, null, CancellationToken))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        }

        using (var discarded = await admin.SendAsync(HttpMethod.Post,
            $"/api/organizations/{organization.OrganizationId}/held-deprovisionings/{HeldIdOf(held, members[3])}/discard", organization.AccessToken, null, CancellationToken))
        {
            Assert.Equal(HttpStatusCode.OK, discarded.StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, await MeAsync(admin, members[3]));

        // Entra reactivates a held member: the newer event supersedes the held deactivation.
        var reactivated = await scim.PatchAsync($"/Users/{members[4].ScimUserId}", ActivePatch("true"), CancellationToken);
        Assert.True(reactivated.Status == HttpStatusCode.OK, reactivated.ToString());
        Assert.True(await EventuallyAsync(async () => (await HeldAsync(admin, organization)).Count == 2), "The reactivation did not supersede the held action.");
        var all = await HeldAsync(admin, organization, all: true);
        Assert.Equal("Superseded", all.Single(h => h.GetProperty("member").GetString() == members[4].Email).GetProperty("status").GetString());

        // The provisioning activity tells the same story, member by member.
        var activity = new ActivityLogApi(admin, organization);
        async Task<JsonElement> DisableRowAsync(Member member) => await activity.RowAsync(member.ScimUserId, "Disable user", CancellationToken);
        Assert.Equal("Applied", (await DisableRowAsync(members[0])).GetProperty("outcome").GetString());
        var appliedRow = await DisableRowAsync(members[2]);
        Assert.Equal("Applied", appliedRow.GetProperty("outcome").GetString());
        Assert.Equal($"Held, then applied by {organization.AdminEmail}.", appliedRow.GetProperty("outcomeDetail").GetString());
        var discardedRow = await DisableRowAsync(members[3]);
        Assert.Equal("Skipped", discardedRow.GetProperty("outcome").GetString());
        Assert.Equal($"Held, then discarded by {organization.AdminEmail}.", discardedRow.GetProperty("outcomeDetail").GetString());
        Assert.Contains("superseded", (await DisableRowAsync(members[4])).GetProperty("outcomeDetail").GetString());
        var stillHeld = await DisableRowAsync(members[5]);
        Assert.Equal("Held", stillHeld.GetProperty("outcome").GetString());
        Assert.StartsWith("Held by the mass-deprovisioning guard", stillHeld.GetProperty("outcomeDetail").GetString());
        Assert.Equal(200, stillHeld.GetProperty("status").GetInt32());
        Assert.Equal(2, (await activity.StatusAsync(CancellationToken)).GetProperty("heldDeprovisionings").GetInt32());

        // And the audit log says which admin decided what.
        using (var auditResponse = await admin.SendAsync(HttpMethod.Get, $"/api/organizations/{organization.OrganizationId}/audit?limit=200",
            organization.AccessToken, null, CancellationToken))
        {
            var audit = (await auditResponse.Content.ReadFromJsonAsync<JsonElement>(CancellationToken)).GetProperty("items").EnumerateArray().ToList();
            var appliedEntry = Assert.Single(audit, e => e.GetProperty("action").GetString() == "HeldDeprovisioningApplied");
            Assert.Equal(members[2].Email, appliedEntry.GetProperty("target").GetString());
            Assert.Equal("Deactivation", appliedEntry.GetProperty("detail").GetString());
            Assert.Equal(organization.AdminEmail, appliedEntry.GetProperty("actor").GetProperty("email").GetString());
            Assert.Equal(members[3].Email, Assert.Single(audit, e => e.GetProperty("action").GetString() == "HeldDeprovisioningDiscarded").GetProperty("target").GetString());
        }

        // Still tripped: one more deactivation is held too.
        await DeactivateAsync(scim, members[7]);
        Assert.True(await EventuallyAsync(async () => (await HeldAsync(admin, organization)).Count == 3), "The next deactivation was not held.");
        Assert.Equal(HttpStatusCode.OK, await MeAsync(admin, members[7]));

        // Members may not see or decide held actions.
        using (var forbidden = await admin.SendAsync(HttpMethod.Get, $"/api/organizations/{organization.OrganizationId}/held-deprovisionings",
            members[3].Session, null, CancellationToken))
        {
            Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        }

        await TheConsoleShowsAndDecidesAsync(host, organization, members, held: members[5..8], discard: members[7]);
        Assert.Equal(HttpStatusCode.OK, await MeAsync(admin, members[7]));

        using (var applyAll = await admin.SendAsync(HttpMethod.Post, $"/api/organizations/{organization.OrganizationId}/held-deprovisionings/apply-all",
            organization.AccessToken, null, CancellationToken))
        {
            Assert.Equal(2, (await applyAll.Content.ReadFromJsonAsync<JsonElement>(CancellationToken)).GetProperty("decided").GetInt32());
        }

        foreach (var member in new[] { members[5], members[6] })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(admin, member));
        }

        Assert.Equal(HttpStatusCode.OK, await MeAsync(admin, members[4]));
        Assert.Equal(HttpStatusCode.OK, await MeAsync(admin, members[7]));
        Assert.Empty(await HeldAsync(admin, organization));
    }

    /// <summary>The console page lists the held actions with the warning, the other pages show a banner, members get 403.</summary>
    private static async Task TheConsoleShowsAndDecidesAsync(
        RunningAppHost host, AdminApi.SignedUpOrganization organization, List<Member> members, List<Member> held, Member discard)
    {
        using var console = host.CreateGatewayClient();
        console.DefaultRequestHeaders.Authorization = new("Bearer", organization.AccessToken);
        var page = await console.GetStringAsync("/organization/held-deprovisionings", CancellationToken);
        Assert.Contains("These people still have access to Workteam until you apply the action.", page);
        Assert.All(held, m => Assert.Contains(m.Email, page));
        Assert.DoesNotContain(members[2].Email, page);
        foreach (var other in new[] { "/organization/members", "/organization/settings" })
        {
            var banner = await console.GetStringAsync(other, CancellationToken);
            Assert.Contains($"Workteam is holding {held.Count} deactivations and deletions", banner);
            Assert.Contains("href=\"/organization/held-deprovisionings\"", banner);
        }

        using (var asMember = host.CreateGatewayClient())
        {
            asMember.DefaultRequestHeaders.Authorization = new("Bearer", members[8].Session);
            using var forbidden = await asMember.GetAsync("/organization/held-deprovisionings", CancellationToken);
            Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        }

        var row = page[page.IndexOf(discard.Email, StringComparison.Ordinal)..];
        var heldId = HiddenHeldId().Match(row).Groups[1].Value;
        using var posted = await console.PostAsync("/organization/held-deprovisionings?handler=Discard", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AntiforgeryField().Match(page).Groups[1].Value,
            ["heldId"] = heldId,
        }), CancellationToken);
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        var after = await posted.Content.ReadAsStringAsync(CancellationToken);
        Assert.Contains($"Discarded: {discard.Email} keeps access.", after);
        Assert.DoesNotContain($"<td class=\"email\">{discard.Email}</td>", after);
    }

    [GeneratedRegex("name=\"heldId\" value=\"([0-9a-f-]{36})\"")]
    private static partial Regex HiddenHeldId();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    private static Guid HeldIdOf(List<JsonElement> held, Member member) =>
        held.Single(h => h.GetProperty("member").GetString() == member.Email).GetProperty("heldId").GetGuid();

    private static string ActivePatch(string value) =>
        $$"""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","path":"active","value":{{value}}}]}""";

    private static async Task DeactivateAsync(ScimClient scim, Member member)
    {
        var patched = await scim.PatchAsync($"/Users/{member.ScimUserId}", ActivePatch("false"), CancellationToken);
        Assert.True(patched.Status == HttpStatusCode.OK, patched.ToString());
    }

    private static async Task<HttpStatusCode> MeAsync(AdminApi admin, Member member)
    {
        using var response = await admin.SendAsync(HttpMethod.Get, "/api/me", member.Session, null, CancellationToken);
        return response.StatusCode;
    }

    private static Task<List<JsonElement>> AccountsAsync(AdminApi admin, AdminApi.SignedUpOrganization organization) =>
        admin.ListAllAsync(organization, "accounts", CancellationToken);

    private static async Task<List<JsonElement>> HeldAsync(AdminApi admin, AdminApi.SignedUpOrganization organization, bool all = false)
    {
        using var response = await admin.SendAsync(HttpMethod.Get,
            $"/api/organizations/{organization.OrganizationId}/held-deprovisionings{(all ? "?all=true" : "")}", organization.AccessToken, null, CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. (await response.Content.ReadFromJsonAsync<JsonElement>(CancellationToken)).EnumerateArray()];
    }

    private static async Task<bool> EventuallyAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(200, CancellationToken);
        }

        return true;
    }
}
