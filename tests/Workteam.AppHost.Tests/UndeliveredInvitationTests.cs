using System.Net;
using System.Text.Json;
using Aspire.Hosting.ApplicationModel;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Workteam.Contracts;

namespace Workteam.AppHost.Tests;

/// <summary>
/// An invitation email Notifier gives up on is reported to the organization's admins as a provisioning failure (activity
/// log and failure digest), and the admin's resend mails a new invitation once the mail server is back. An email
/// another delivery still holds is waited for, not given up on.
/// </summary>
[Collection(AppHostCollection.Name)]
public sealed class UndeliveredInvitationTests(UndeliveredInvitationTests.Host fixture) : IClassFixture<UndeliveredInvitationTests.Host>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    public sealed class Host : IAsyncLifetime
    {
        public RunningAppHost App { get; private set; } = null!;

        public async ValueTask InitializeAsync() => App = await RunningAppHost.StartAsync(RunningAppHost.NewDataPath(), TestContext.Current.CancellationToken,
            // Notifier gives an email up after two quick attempts, and an SMTP server that is away fails each fast.
            "Notifier:EmailRetry:Limit=1",
            "Notifier:EmailRetry:FirstDelay=00:00:01",
            "Notifier:EmailRetry:MaxDelay=00:00:01",
            "Notifier:Smtp:Timeout=00:00:03",
            // The failure digest, tried while the SMTP server is away too, goes out within seconds of its return.
            "Notifier:DigestPollInterval=00:00:01",
            "Notifier:SendRetryMaxDelay=00:00:02");

        public async ValueTask DisposeAsync() => await App.DisposeAsync();
    }

    [Fact]
    public async Task An_invitation_email_that_keeps_failing_is_reported_to_the_admins_and_can_be_resent()
    {
        var host = fixture.App;
        using var gateway = host.CreateGatewayClient();
        using var mail = host.CreateMailClient();
        var admin = new AdminApi(gateway);
        var (organization, token) = await admin.ProvisioningReadyAsync(CancellationToken);
        var notifications = AdminApi.NewEmail("notifications");
        await admin.SetScimAsync(organization, enabled: true, CancellationToken, notifications);
        var scim = new ScimClient(gateway, token.BaseUrl, token.Token);
        await Scim.WaitForStatusAsync(gateway, Scim.TestConnectionUsersPath(token.BaseUrl), $"Bearer {token.Token}", HttpStatusCode.OK, TimeSpan.FromSeconds(10), CancellationToken);
        var commands = host.App.Services.GetRequiredService<ResourceCommandService>();
        var email = AdminApi.NewEmail("invited");

        Assert.True((await commands.ExecuteCommandAsync("smtp", KnownResourceCommands.StopCommand, CancellationToken)).Success);
        string userId;
        try
        {
            await host.App.ResourceNotifications.WaitForResourceAsync(
                "smtp", e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text), CancellationToken);
            userId = await scim.CreateUserAsync(CancellationToken, email);

            var failed = await new ActivityLogApi(admin, organization).RowAsync(userId, "Invitation email", CancellationToken, Timeout);
            Assert.Equal("Failed", failed.GetProperty("outcome").GetString());
            Assert.Contains($"The invitation email to {email} could not be delivered", failed.GetProperty("outcomeDetail").GetString());
            Assert.Equal("Undelivered", (await MemberAsync(admin, organization, email)).GetProperty("invitation").GetProperty("state").GetString());
        }
        finally
        {
            Assert.True((await commands.ExecuteCommandAsync("smtp", KnownResourceCommands.StartCommand, CancellationToken)).Success);
        }

        await host.App.ResourceNotifications.WaitForResourceHealthyAsync("smtp", CancellationToken);
        var digest = Assert.Single(await Mailbox.WaitForMessagesToAsync(mail, notifications, 1, Timeout, CancellationToken));
        var text = await Mailbox.PlainTextAsync(mail, digest, CancellationToken);
        Assert.Contains($"Invitation email /Users/{userId}", text);
        Assert.Contains("Status: 502", text);

        var member = await MemberAsync(admin, organization, email);
        using (var resent = await admin.SendAsync(HttpMethod.Post,
            $"/api/organizations/{organization.OrganizationId}/accounts/{member.GetProperty("accountId").GetGuid()}/invitation", organization.AccessToken, null, CancellationToken))
        {
            Assert.Equal(HttpStatusCode.Accepted, resent.StatusCode);
        }

        var invitation = Assert.Single(await Mailbox.WaitForMessagesToAsync(mail, email, 1, Timeout, CancellationToken));
        Assert.Contains("/invitations#wtinv_", await Mailbox.PlainTextAsync(mail, invitation, CancellationToken));
        await Wait.UntilAsync(async () => (await MemberAsync(admin, organization, email)).GetProperty("invitation").GetProperty("state").GetString() == "Sent",
            "the resent invitation is marked sent", Timeout, CancellationToken);
    }

    [Fact]
    public async Task An_email_claimed_by_a_notifier_that_died_is_sent_once_the_claim_expires_without_spending_its_retries()
    {
        var host = fixture.App;
        using var mail = host.CreateMailClient();
        var email = new SendEmail(Guid.NewGuid(), AdminApi.NewEmail("claimed"), "Claimed before", "Sent once the claim expired.", null);
        // What a Notifier killed between claiming the email and the SMTP server's answer leaves behind: a claim that
        // holds for longer than this host's two attempts a second apart.
        var claimedFor = TimeSpan.FromSeconds(8);
        await using (var connection = new NpgsqlConnection(await host.ConnectionStringAsync("notifierdb")))
        {
            await connection.OpenAsync(CancellationToken);
            await using var claim = new NpgsqlCommand(
                "INSERT INTO sent_emails (message_id, claimed_until, claim_id, repeats) VALUES (@id, now() + @for, @claim, 0)", connection);
            claim.Parameters.AddWithValue("id", email.MessageId);
            claim.Parameters.AddWithValue("for", claimedFor);
            claim.Parameters.AddWithValue("claim", Guid.NewGuid());
            await claim.ExecuteNonQueryAsync(CancellationToken);
        }

        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit => rabbit.Host(new Uri(host.ConnectionStringAsync("messaging").GetAwaiter().GetResult())));
        await bus.StartAsync(CancellationToken);
        try
        {
            await bus.Publish(email, context => context.MessageId = email.MessageId, CancellationToken);
        }
        finally
        {
            await bus.StopAsync(CancellationToken);
        }

        var sent = Assert.Single(await Mailbox.WaitForMessagesToAsync(mail, email.To, 1, Timeout, CancellationToken));
        Assert.Contains($"<{email.MessageId:N}@workteam>", await Mailbox.RawAsync(mail, sent, CancellationToken));
    }

    private static async Task<JsonElement> MemberAsync(AdminApi admin, AdminApi.SignedUpOrganization organization, string email)
    {
        var accountId = (await admin.ListAllAsync(organization, $"accounts?q={Uri.EscapeDataString(email)}", CancellationToken))
            .Single(a => a.GetProperty("email").GetString() == email).GetProperty("accountId").GetGuid();
        using var response = await admin.SendAsync(HttpMethod.Get, $"/api/organizations/{organization.OrganizationId}/accounts/{accountId}", organization.AccessToken, null, CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(CancellationToken)).RootElement.Clone();
    }
}
