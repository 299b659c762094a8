using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using MassTransit;
using Workteam.Contracts.Provisioning;

namespace Workteam.AppHost.Tests;

/// <summary>SCIM changes reach Directory: invitations, suspension within seconds, teams, and exactly-once effects.</summary>
[Collection(SharedAppHostCollection.Name)]
public sealed partial class DirectoryProvisioningTests(SharedAppHost shared)
{
    // "Loses access within seconds" made checkable: Directory applies a change well under a second after the SCIM
    // request when idle; 5 s is the margin for a loaded machine, short enough to fail a change that waits for
    // anything periodic (a retry, a polling round).
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(5);
    private readonly HttpClient _gateway = shared.Host.CreateGatewayClient();
    private readonly HttpClient _mail = shared.Host.CreateMailClient();
    private AdminApi Admin => new(_gateway);
    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_invited_member_signs_in_and_loses_access_within_seconds_when_Entra_deactivates_them(bool aadOptscim062020)
    {
        var (organization, token) = await Admin.ProvisioningReadyAsync(CancellationToken);
        var scim = new ScimClient(_gateway, token.BaseUrl, token.Token);
        var email = AdminApi.NewEmail("member");
        var userId = await scim.CreateUserAsync(CancellationToken, $"member-{Guid.NewGuid():N}",
            $$""","emails":[{"value":"{{email}}","type":"work"}],"name":{"givenName":"Ada","familyName":"Lovelace"}""");

        var mail = await Mailbox.WaitForRecipientAsync(_mail, email, TimeSpan.FromSeconds(30), CancellationToken);
        var code = InvitationCode().Match(await Mailbox.PlainTextAsync(_mail, mail, CancellationToken)).Groups[1].Value;
        Assert.StartsWith("wtinv_", code);

        using (var accepted = await AcceptAsync(code, AdminApi.Password))
        {
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }

        using (var again = await AcceptAsync(code, AdminApi.Password))
        {
            Assert.Equal(HttpStatusCode.Gone, again.StatusCode);
        }

        using (var unknown = await AcceptAsync("wtinv_" + new string('x', 43), AdminApi.Password))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }

        var session = await Admin.SignInAsync(email, AdminApi.Password, CancellationToken);
        Assert.Equal(HttpStatusCode.OK, await MeAsync(session));
        Assert.Equal(2, await SeatsInUseAsync(organization));

        var (query, inactive, active) = aadOptscim062020 ? ("?aadOptscim062020", "false", "true") : ("", "\"False\"", "\"True\"");
        var deactivated = await scim.PatchAsync($"/Users/{userId}{query}", ActivePatch(inactive), CancellationToken);
        Assert.True(deactivated.Status == HttpStatusCode.OK, deactivated.ToString());
        Assert.True(await EventuallyAsync(async () => await MeAsync(session) == HttpStatusCode.Unauthorized), "/api/me still answers with the old session");
        Assert.Equal(HttpStatusCode.Unauthorized, await SignInStatusAsync(email));
        Assert.Equal(1, await SeatsInUseAsync(organization));

        var reactivated = await scim.PatchAsync($"/Users/{userId}{query}", ActivePatch(active), CancellationToken);
        Assert.True(reactivated.Status == HttpStatusCode.OK, reactivated.ToString());
        Assert.True(await EventuallyAsync(async () => await SignInStatusAsync(email) == HttpStatusCode.OK), "sign-in is still refused");
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(session));
        Assert.Equal(2, await SeatsInUseAsync(organization));
    }

    [Fact]
    public async Task The_invitation_page_sets_the_password_and_explains_unusable_links()
    {
        var (_, token) = await Admin.ProvisioningReadyAsync(CancellationToken);
        var scim = new ScimClient(_gateway, token.BaseUrl, token.Token);
        var email = AdminApi.NewEmail("page");
        await scim.CreateUserAsync(CancellationToken, email);
        var mail = await Mailbox.WaitForRecipientAsync(_mail, email, TimeSpan.FromSeconds(30), CancellationToken);
        var code = InvitationCode().Match(await Mailbox.PlainTextAsync(_mail, mail, CancellationToken)).Groups[1].Value;

        using var browser = shared.Host.CreateGatewayClient();
        var opening = await browser.GetStringAsync("/invitations", CancellationToken);
        Assert.Contains("id=\"open-invitation\"", opening);
        using (var unknown = await PostFormAsync(browser, "/invitations?handler=Open", opening, new() { ["Code"] = "wtinv_unknown" }))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
            Assert.Contains("This invitation link is not valid.", await unknown.Content.ReadAsStringAsync(CancellationToken));
        }

        using var opened = await PostFormAsync(browser, "/invitations?handler=Open", opening, new() { ["Code"] = code });
        var form = await opened.Content.ReadAsStringAsync(CancellationToken);
        Assert.Contains(email, form);
        Assert.Contains(code, form);
        using var posted = await PostFormAsync(browser, "/invitations", form, new()
        {
            ["Code"] = code,
            ["Password"] = AdminApi.Password,
            ["ConfirmPassword"] = AdminApi.Password,
        });
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Contains("Your password is set", await posted.Content.ReadAsStringAsync(CancellationToken));
        await Admin.SignInAsync(email, AdminApi.Password, CancellationToken);

        // A link mailed before the code moved to the fragment still opens, and says the invitation is used.
        using var used = await browser.GetAsync($"/invitations/{code}", CancellationToken);
        Assert.Equal(HttpStatusCode.Gone, used.StatusCode);
        Assert.Contains("already been used", await used.Content.ReadAsStringAsync(CancellationToken));
    }

    /// <summary>Posts a form of the page <paramref name="page"/> with its antiforgery token, as a browser would.</summary>
    private static Task<HttpResponseMessage> PostFormAsync(HttpClient browser, string path, string page, Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = AntiforgeryField().Match(page).Groups[1].Value;
        return browser.PostAsync(path, new FormUrlEncodedContent(fields), CancellationToken);
    }

    [Fact]
    public async Task Groups_and_memberships_become_teams_and_deleted_users_leave_them()
    {
        var (organization, token) = await Admin.ProvisioningReadyAsync(CancellationToken);
        var scim = new ScimClient(_gateway, token.BaseUrl, token.Token);
        var (ada, grace) = (AdminApi.NewEmail("ada"), AdminApi.NewEmail("grace"));
        var adaId = await scim.CreateUserAsync(CancellationToken, ada);
        var graceId = await scim.CreateUserAsync(CancellationToken, $"grace-{Guid.NewGuid():N}", $$""","emails":[{"value":"{{grace}}","primary":true}]""");
        var groupId = await scim.CreateGroupAsync(CancellationToken, "Engineering");

        await PatchGroupAsync(scim, groupId, $$"""{"op":"Add","path":"members","value":[{"value":"{{adaId}}"},{"value":"{{graceId}}"}]}""");
        await PatchGroupAsync(scim, groupId, """{"op":"Replace","path":"displayName","value":"Research"}""");
        await TeamsEventuallyAsync(organization, teams => teams.Any(t => t.Name == "Research" && t.Members.SetEquals([ada, grace])));

        await PatchGroupAsync(scim, groupId, $$"""{"op":"Remove","path":"members","value":[{"value":"{{graceId}}"}]}""");
        await TeamsEventuallyAsync(organization, teams => teams.Any(t => t.Name == "Research" && t.Members.SetEquals([ada])));

        await PatchGroupAsync(scim, groupId, $$"""{"op":"Add","path":"members","value":[{"value":"{{graceId}}"}]}""");
        var deleted = await scim.DeleteAsync($"/Users/{adaId}", CancellationToken);
        Assert.Equal(HttpStatusCode.NoContent, deleted.Status);
        await TeamsEventuallyAsync(organization, teams => teams.Any(t => t.Name == "Research" && t.Members.SetEquals([grace])));
        var emails = await AccountEmailsAsync(organization);
        Assert.DoesNotContain(ada, emails);
        Assert.Contains(grace, emails);

        Assert.Equal(HttpStatusCode.NoContent, (await scim.DeleteAsync($"/Groups/{groupId}", CancellationToken)).Status);
        await TeamsEventuallyAsync(organization, teams => teams.Count == 0);
    }

    [Fact]
    public async Task The_same_message_delivered_twice_changes_nothing_the_second_time()
    {
        var organization = await Admin.SignUpAsync(CancellationToken);
        var email = AdminApi.NewEmail("twice");
        var provisioned = new UserProvisioned(organization.OrganizationId, Guid.NewGuid(), 1, DateTimeOffset.UtcNow,
            new ScimUserProfile(email, null, true, "Twice", null, null, [new ScimUserEmail(email, "work", true)], null, null, null, []));
        var messageId = NewId.NextGuid();
        await using var emails = await PublishedEmails.StartAsync(shared.Host, CancellationToken);

        // Delivered again once the first was applied, as after a lost acknowledgement, so that it comes in a batch of
        // its own (two copies published together were never both handed to Directory's consumer).
        await WithTestBusAsync(_ => { }, async bus =>
        {
            await bus.Publish(provisioned, context => context.MessageId = messageId, CancellationToken);
            await Mailbox.WaitForRecipientAsync(_mail, email, TimeSpan.FromSeconds(30), CancellationToken);
            await bus.Publish(provisioned, context => context.MessageId = messageId, CancellationToken);
        });

        // Directory logs this once it has handled the second delivery, its look at unsent invitations included.
        await Wait.UntilAsync(() => Task.FromResult(shared.Host.LogsOf("directory").Contains($"Message {messageId} (UserProvisioned) was applied before", StringComparison.Ordinal)),
            "Directory handles the second delivery", TimeSpan.FromSeconds(30), CancellationToken);
        Assert.Equal(1, await InvitationsToAsync(email));
        Assert.Equal(1, await emails.TakeCountToAsync(email, CancellationToken));
        Assert.Single(await Mailbox.MessagesToAsync(_mail, email, CancellationToken));
        Assert.Single(await AccountEmailsAsync(organization), e => e == email);
    }

    [Fact]
    public async Task An_email_another_organization_signed_up_with_is_provisioned_here_without_a_conflict_and_invited()
    {
        var squatter = await Admin.SignUpAsync(CancellationToken);
        var (organization, token) = await Admin.ProvisioningReadyAsync(CancellationToken);
        var scim = new ScimClient(_gateway, token.BaseUrl, token.Token);

        await scim.CreateUserAsync(CancellationToken, squatter.AdminEmail);

        Assert.True(await EventuallyAsync(async () => (await AccountEmailsAsync(organization)).Contains(squatter.AdminEmail)),
            "the member got the email another organization had signed up with");
        var invitation = await Mailbox.WaitForRecipientAsync(_mail, squatter.AdminEmail, TimeSpan.FromSeconds(30), CancellationToken);
        Assert.DoesNotContain(squatter.OrganizationId.ToString(), await Mailbox.PlainTextAsync(_mail, invitation, CancellationToken));
    }

    [Fact]
    public async Task A_user_Directory_cannot_apply_as_asked_is_reported_as_a_provisioning_failure()
    {
        var (organization, token) = await Admin.ProvisioningReadyAsync(CancellationToken);
        var taken = AdminApi.NewEmail("taken");
        var userName = AdminApi.NewEmail("second");
        var scim = new ScimClient(_gateway, token.BaseUrl, token.Token);
        var failures = new ConcurrentQueue<ProvisioningFailed>();

        await WithTestBusAsync(endpoint => endpoint.Handler<ProvisioningFailed>(context =>
        {
            failures.Enqueue(context.Message);
            return Task.CompletedTask;
        }), async _ =>
        {
            // Another member of the organization already has this email; "Owner" is no Workteam role.
            await scim.CreateUserAsync(CancellationToken, taken);
            Assert.True(await EventuallyAsync(async () => (await AccountEmailsAsync(organization)).Contains(taken)));
            var userId = await scim.CreateUserAsync(CancellationToken, userName,
                $$""","emails":[{"value":"{{taken}}","primary":true}],"roles":[{"value":"Owner","primary":true}]""");
            Assert.True(await EventuallyAsync(() => Task.FromResult(failures.Count(f => f.OrganizationId == organization.OrganizationId) >= 2)),
                $"Failures reported: {string.Join("; ", failures.Select(f => f.Reason))}");
            var reported = failures.Where(f => f.OrganizationId == organization.OrganizationId).OrderBy(f => f.Status).ToList();
            Assert.Equal([400, 409], reported.Select(f => f.Status));
            Assert.All(reported, f => Assert.Equal($"UserProvisioned /Users/{userId}", f.Operation));
            Assert.Contains("'Owner'", reported[0].Reason);
            Assert.Contains("another member of this organization", reported[1].Reason);
        });

        var accounts = await Admin.ListAllAsync(organization, "accounts", CancellationToken);
        var member = Assert.Single(accounts, a => a.GetProperty("userName").GetString() == userName);
        Assert.Equal(JsonValueKind.Null, member.GetProperty("email").ValueKind);
        Assert.Equal("Member", member.GetProperty("role").GetString());
    }

    [Fact]
    public async Task An_event_Directory_cannot_apply_is_reported_alone_and_the_events_batched_with_it_are_applied()
    {
        var organization = await Admin.SignUpAsync(CancellationToken);
        var profiles = Enumerable.Range(0, 10).Select(i => AdminApi.NewEmail($"batched-{i}")).Select(email =>
            new ScimUserProfile(email, null, true, "Batched", null, null, [new ScimUserEmail(email, "work", true)], null, null, null, [])).ToList();
        // An event whose emails are missing, as no ScimApi ever sends it: applying it throws.
        var poisoned = new UserProvisioned(organization.OrganizationId, Guid.NewGuid(), 1, DateTimeOffset.UtcNow, profiles[4] with { Emails = null! });
        var failures = new ConcurrentQueue<ProvisioningFailed>();

        await WithTestBusAsync(endpoint => endpoint.Handler<ProvisioningFailed>(context =>
        {
            failures.Enqueue(context.Message);
            return Task.CompletedTask;
        }), async bus =>
        {
            // Published together, so that they reach Directory in one batch.
            await Task.WhenAll(profiles.Select((profile, i) => bus.Publish(
                i == 4 ? poisoned : new UserProvisioned(organization.OrganizationId, Guid.NewGuid(), 1, DateTimeOffset.UtcNow, profile), CancellationToken)));
            // Its retries take about 23 s before the event is given up on.
            Assert.True(await EventuallyAsync(() => Task.FromResult(failures.Any(f => f.OrganizationId == organization.OrganizationId)), TimeSpan.FromSeconds(60)),
                "The event that cannot be applied was not reported.");
            // The others were applied long before; once they are, none of them can fail any more.
            var others = profiles.Where((_, i) => i != 4).Select(p => p.UserName).Order().ToList();
            Assert.True(await EventuallyAsync(async () => (await AccountEmailsAsync(organization)).Where(e => e != organization.AdminEmail).Order().SequenceEqual(others)),
                "The events batched with it were not applied.");
        });

        // One report, about that event only (a report delivered twice keeps its id, and Notifier stores it once).
        var reported = failures.Where(f => f.OrganizationId == organization.OrganizationId).ToList();
        Assert.Single(reported.DistinctBy(f => f.MessageId));
        Assert.All(reported, f => Assert.Equal($"UserProvisioned /Users/{poisoned.ResourceId}", f.Operation));
        Assert.Equal(500, reported[0].Status);
    }

    [GeneratedRegex(@"/invitations#(wtinv_[A-Za-z0-9_\-]+)")]
    private static partial Regex InvitationCode();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    private static string ActivePatch(string value) =>
        $$"""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","path":"active","value":{{value}}}]}""";

    private static async Task PatchGroupAsync(ScimClient scim, string groupId, string operation)
    {
        var patched = await scim.PatchAsync($"/Groups/{groupId}",
            $$"""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{{operation}}]}""", CancellationToken);
        Assert.True(patched.Status == HttpStatusCode.NoContent, patched.ToString());
    }

    private Task<HttpResponseMessage> AcceptAsync(string code, string password) =>
        _gateway.PostAsJsonAsync("/api/invitations/accept", new { code, password }, CancellationToken);

    private async Task<HttpStatusCode> MeAsync(string session)
    {
        using var response = await Admin.SendAsync(HttpMethod.Get, "/api/me", session, null, CancellationToken);
        return response.StatusCode;
    }

    /// <summary>The admin and the member take a seat each while active; a deactivated member releases theirs.</summary>
    private async Task<int> SeatsInUseAsync(AdminApi.SignedUpOrganization organization)
    {
        using var response = await Admin.SendAsync(HttpMethod.Get, $"/api/organizations/{organization.OrganizationId}/seats", organization.AccessToken, null, CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(CancellationToken)).GetProperty("inUse").GetInt32();
    }

    private async Task<HttpStatusCode> SignInStatusAsync(string email)
    {
        using var response = await _gateway.PostAsJsonAsync("/api/sessions", new { email, password = AdminApi.Password }, CancellationToken);
        return response.StatusCode;
    }

    private async Task<List<string?>> AccountEmailsAsync(AdminApi.SignedUpOrganization organization)
    {
        var accounts = await Admin.ListAllAsync(organization, "accounts", CancellationToken);
        return accounts.Select(a => a.GetProperty("email").GetString()).ToList();
    }

    private async Task<long> InvitationsToAsync(string email)
    {
        await using var database = new Npgsql.NpgsqlConnection(await shared.Host.ConnectionStringAsync("directorydb"));
        await database.OpenAsync(CancellationToken);
        await using var command = new Npgsql.NpgsqlCommand("SELECT count(*) FROM invitations WHERE email = @email", database);
        command.Parameters.AddWithValue("email", email);
        return (long)(await command.ExecuteScalarAsync(CancellationToken))!;
    }

    private sealed record TeamSeen(string Name, HashSet<string?> Members);

    private async Task TeamsEventuallyAsync(AdminApi.SignedUpOrganization organization, Func<List<TeamSeen>, bool> expected)
    {
        var last = new List<TeamSeen>();
        var reached = await EventuallyAsync(async () =>
        {
            var teams = await Admin.TeamsWithMembersAsync(organization, CancellationToken);
            last = teams.Select(t => new TeamSeen(
                t.Team.GetProperty("displayName").GetString()!,
                t.Members.Select(m => m.GetProperty("email").GetString()).ToHashSet())).ToList();
            return expected(last);
        }, TimeSpan.FromSeconds(15));
        Assert.True(reached, "Teams seen: " + string.Join("; ", last.Select(t => $"{t.Name}: {string.Join(", ", t.Members)}")));
    }

    private static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? Soon);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(100, CancellationToken);
        }

        return true;
    }

    private async Task WithTestBusAsync(Action<IRabbitMqReceiveEndpointConfigurator> configure, Func<IBusControl, Task> run)
    {
        var messaging = new Uri(await shared.Host.ConnectionStringAsync("messaging"));
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit =>
        {
            rabbit.Host(messaging);
            rabbit.ReceiveEndpoint($"directory-provisioning-test-{Guid.NewGuid():N}", endpoint =>
            {
                endpoint.AutoDelete = true;
                endpoint.Durable = false;
                configure(endpoint);
            });
        });
        await bus.StartAsync(CancellationToken);
        try
        {
            await run(bus);
        }
        finally
        {
            await bus.StopAsync(CancellationToken);
        }
    }
}
