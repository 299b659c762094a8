using System.Globalization;
using System.Net;
using System.Text.Json;
using Aspire.Hosting.ApplicationModel;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Workteam.Contracts.Provisioning;

namespace Workteam.AppHost.Tests;

/// <summary>
/// Refused SCIM requests reach the organization's notification email as digests: at most one per window, each
/// failure listed once, none lost while the SMTP server is down.
/// </summary>
[Collection(AppHostCollection.Name)]
public sealed class FailureDigestTests(FailureDigestHost fixture) : IClassFixture<FailureDigestHost>
{
    private static readonly TimeSpan MailTimeout = TimeSpan.FromSeconds(30);
    private readonly RunningAppHost _host = fixture.Host;
    private readonly HttpClient _gateway = fixture.Host.CreateGatewayClient();
    private readonly HttpClient _mail = fixture.Host.CreateMailClient();
    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_refused_request_is_mailed_at_once_and_later_failures_wait_for_the_window_in_one_digest()
    {
        var (organizationId, scim, recipient) = await OrganizationWithNotificationsAsync();
        var userName = $"alice-{Guid.NewGuid():N}@contoso.test";
        await scim.CreateUserAsync(CancellationToken, userName);

        Assert.Equal(HttpStatusCode.Conflict, (await scim.PostAsync("/Users", $$"""{"userName":"{{userName}}"}""", CancellationToken)).Status);

        var first = Assert.Single(await Mailbox.WaitForMessagesToAsync(_mail, recipient, 1, MailTimeout, CancellationToken));
        Assert.StartsWith("Workteam: 1 provisioning failure for Contoso ", first.GetProperty("subject").GetString());
        var failure = Assert.Single(await ReceivedFailuresAsync(organizationId));
        var text = await Mailbox.PlainTextAsync(_mail, first, CancellationToken);
        Assert.Contains($"{Time(failure.OccurredAt)}  POST /Users", text);
        Assert.Contains($"User or group: {userName}", text);
        Assert.Contains("Status: 409", text);
        Assert.Contains($"Reason: {failure.Reason}", text);
        Assert.Contains("<table", await Mailbox.HtmlAsync(_mail, first, CancellationToken));

        // Two more failures inside the window: one digest with both, made once the window has passed.
        var group = await scim.CreateGroupAsync(CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, (await scim.PatchAsync($"/Groups/{group}", """{"Operations":[{"op":"jump","path":"displayName"}]}""", CancellationToken)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await scim.GetAsync($"/Users/{Guid.NewGuid()}", CancellationToken)).Status);
        await WaitUntilAsync(async () => (await ReceivedFailuresAsync(organizationId)).Count == 3, "the two new failures reach Notifier");

        var both = await Mailbox.WaitForMessagesToAsync(_mail, recipient, 2, MailTimeout, CancellationToken);
        Assert.Equal(2, both.Count);
        Assert.StartsWith("Workteam: 2 provisioning failures for Contoso ", both[1].GetProperty("subject").GetString());
        var second = await Mailbox.PlainTextAsync(_mail, both[1], CancellationToken);
        Assert.Contains($"PATCH /Groups/{group}", second);
        Assert.Contains("Status: 400", second);
        Assert.Contains("GET /Users/", second);
        Assert.Contains("Status: 404", second);
        Assert.DoesNotContain("POST /Users", second);

        var digests = await AssertEveryDigestSentOnceAsync(organizationId, recipient, expectedFailures: 3);
        // Notifier's own times, not the test's: each mail is its digest (checked above), so no second mail came
        // before the window after the first had passed.
        Assert.True(digests[1].CreatedAt >= digests[0].SentAt + FailureDigestHost.Window,
            $"The second digest was made {digests[1].CreatedAt - digests[0].SentAt} after the first was sent, within the window of {FailureDigestHost.Window}.");
    }

    [Fact]
    public async Task Failures_while_the_smtp_server_is_down_are_mailed_exactly_once_when_it_returns()
    {
        var (organizationId, scim, recipient) = await OrganizationWithNotificationsAsync();
        var userName = $"bob-{Guid.NewGuid():N}@contoso.test";
        await scim.CreateUserAsync(CancellationToken, userName);
        var commands = _host.App.Services.GetRequiredService<ResourceCommandService>();

        var stopped = await commands.ExecuteCommandAsync("smtp", KnownResourceCommands.StopCommand, CancellationToken);
        Assert.True(stopped.Success, stopped.Message);
        try
        {
            await _host.App.ResourceNotifications.WaitForResourceAsync(
                "smtp", e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text), CancellationToken);

            // The digest is made, its sending fails and is retried; a failure arriving meanwhile waits for the next one.
            Assert.Equal(HttpStatusCode.Conflict, (await scim.PostAsync("/Users", $$"""{"userName":"{{userName}}"}""", CancellationToken)).Status);
            await WaitUntilAsync(async () => (await DigestsAsync(organizationId)) is [{ SentAt: null, Attempts: >= 2 }], "sending the digest fails twice",
                // Each attempt waits for Notifier's SMTP timeout (15 s) before it fails.
                TimeSpan.FromSeconds(90));
            Assert.Equal(HttpStatusCode.NotFound, (await scim.GetAsync($"/Groups/{Guid.NewGuid()}", CancellationToken)).Status);
            await WaitUntilAsync(async () => (await ReceivedFailuresAsync(organizationId)).Count == 2, "the second failure reaches Notifier");
        }
        finally
        {
            var started = await commands.ExecuteCommandAsync("smtp", KnownResourceCommands.StartCommand, CancellationToken);
            Assert.True(started.Success, started.Message);
        }

        await _host.App.ResourceNotifications.WaitForResourceHealthyAsync("smtp", CancellationToken);
        var firstMail = Assert.Single(await Mailbox.WaitForMessagesToAsync(_mail, recipient, 1, MailTimeout, CancellationToken));
        var text = await Mailbox.PlainTextAsync(_mail, firstMail, CancellationToken);
        Assert.Contains("POST /Users", text);
        Assert.Contains($"User or group: {userName}", text);
        Assert.DoesNotContain("GET /Groups/", text);

        var mails = await Mailbox.WaitForMessagesToAsync(_mail, recipient, 2, FailureDigestHost.Window + MailTimeout, CancellationToken);
        Assert.Contains("GET /Groups/", await Mailbox.PlainTextAsync(_mail, mails[1], CancellationToken));
        await AssertEveryDigestSentOnceAsync(organizationId, recipient, expectedFailures: 2);
    }

    [Fact]
    public async Task A_failure_delivered_twice_is_listed_once_and_waits_until_a_notification_email_is_set()
    {
        var admin = new AdminApi(_gateway);
        var organization = await admin.SignUpAsync(CancellationToken);
        await admin.SetScimAsync(organization, enabled: true, CancellationToken);
        var failure = new ProvisioningFailed(
            Guid.NewGuid(), organization.OrganizationId, DateTimeOffset.UtcNow, "Apply UserDeactivated", "carol@contoso.test", 422,
            "The event could not be applied.");

        // As an outbox relay does when the broker's confirmation of the first publish was lost.
        await PublishAsync([failure, failure]);

        // Both deliveries consumed, and a digest check that found the failure pending and kept it for lack of a recipient.
        await WaitUntilAsync(() => Task.FromResult(NotifierLogged($"Provisioning failure {failure.MessageId} was already received")),
            "Notifier acknowledges the second delivery");
        await WaitUntilAsync(() => Task.FromResult(NotifierLogged($"Organization {organization.OrganizationId} has provisioning failures but")),
            "the digest service finds no notification email");
        Assert.Single(await ReceivedFailuresAsync(organization.OrganizationId));
        Assert.Empty(await DigestsAsync(organization.OrganizationId));

        var recipient = AdminApi.NewEmail("it");
        await admin.SetScimAsync(organization, enabled: true, CancellationToken, notificationEmail: recipient);

        var mail = Assert.Single(await Mailbox.WaitForMessagesToAsync(_mail, recipient, 1, MailTimeout, CancellationToken));
        Assert.StartsWith("Workteam: 1 provisioning failure for Contoso ", mail.GetProperty("subject").GetString());
        var text = await Mailbox.PlainTextAsync(_mail, mail, CancellationToken);
        Assert.Equal(2, text.Split("Apply UserDeactivated").Length); // listed exactly once
        Assert.Contains("Status: 422", text);
        await AssertEveryDigestSentOnceAsync(organization.OrganizationId, recipient, expectedFailures: 1);
    }

    [Fact]
    public async Task A_backlog_longer_than_the_cap_makes_one_digest_listing_the_oldest_and_counting_the_rest()
    {
        var admin = new AdminApi(_gateway);
        var organization = await admin.SignUpAsync(CancellationToken);
        await admin.SetScimAsync(organization, enabled: true, CancellationToken);
        const int Failures = FailureDigestHost.MaxFailuresPerDigest + 7;
        var start = DateTimeOffset.UtcNow.AddMinutes(-30);
        // They wait for a notification email, so all of them are pending when the digest is made.
        await PublishAsync(Enumerable.Range(0, Failures).Select(i => new ProvisioningFailed(
            Guid.NewGuid(), organization.OrganizationId, start.AddMinutes(i), $"Apply UserUpdated #{i}", $"user{i}@contoso.test", 422, "Not applied.")));
        await WaitUntilAsync(async () => (await ReceivedFailuresAsync(organization.OrganizationId)).Count == Failures, "the failures reach Notifier");

        var recipient = AdminApi.NewEmail("it");
        await admin.SetScimAsync(organization, enabled: true, CancellationToken, notificationEmail: recipient);

        var mail = Assert.Single(await Mailbox.WaitForMessagesToAsync(_mail, recipient, 1, MailTimeout, CancellationToken));
        Assert.StartsWith($"Workteam: {Failures} provisioning failures for Contoso ", mail.GetProperty("subject").GetString());
        var text = await Mailbox.PlainTextAsync(_mail, mail, CancellationToken);
        Assert.Equal(FailureDigestHost.MaxFailuresPerDigest + 1, text.Split("Status: 422").Length);
        Assert.Contains($"Apply UserUpdated #{FailureDigestHost.MaxFailuresPerDigest - 1}\n", text.ReplaceLineEndings("\n"));
        Assert.DoesNotContain($"Apply UserUpdated #{FailureDigestHost.MaxFailuresPerDigest}\n", text.ReplaceLineEndings("\n"));
        Assert.Contains("... and 7 more, not listed here.", text);
        // Every failure, listed or counted, is covered by that digest: none waits for another one.
        await AssertEveryDigestSentOnceAsync(organization.OrganizationId, recipient, expectedFailures: Failures);
    }

    private async Task<(Guid OrganizationId, ScimClient Scim, string Recipient)> OrganizationWithNotificationsAsync()
    {
        var admin = new AdminApi(_gateway);
        var organization = await admin.SignUpAsync(CancellationToken);
        var recipient = AdminApi.NewEmail("it");
        await admin.SetScimAsync(organization, enabled: true, CancellationToken, notificationEmail: recipient);
        var token = await admin.GenerateTokenAsync(organization, CancellationToken);
        var scim = new ScimClient(_gateway, token.BaseUrl, token.Token);
        await Scim.WaitForStatusAsync(_gateway, Scim.TestConnectionUsersPath(token.BaseUrl), $"Bearer {token.Token}", HttpStatusCode.OK, TimeSpan.FromSeconds(10), CancellationToken);
        return (organization.OrganizationId, scim, recipient);
    }

    /// <summary>Publishes the failures, each with its own id as message id, as the services' outboxes do.</summary>
    private async Task PublishAsync(IEnumerable<ProvisioningFailed> failures)
    {
        var messaging = new Uri(await _host.ConnectionStringAsync("messaging"));
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit => rabbit.Host(messaging));
        await bus.StartAsync(CancellationToken);
        try
        {
            foreach (var failure in failures)
            {
                await bus.Publish(failure, context => context.MessageId = failure.MessageId, CancellationToken);
            }
        }
        finally
        {
            await bus.StopAsync(CancellationToken);
        }
    }

    /// <summary>
    /// Waits until Notifier is at rest for the organization (every digest marked sent, no failure waiting for one),
    /// where nothing is left that it could mail; then each mail to <paramref name="recipient"/> is one digest, with
    /// the digest's id as its Message-ID, and every failure is in one. Answers the digests, oldest first.
    /// </summary>
    private async Task<List<Digest>> AssertEveryDigestSentOnceAsync(Guid organizationId, string recipient, int expectedFailures)
    {
        await WaitUntilAsync(async () => (await DigestsAsync(organizationId)).All(d => d.SentAt is not null)
            && (await ReceivedFailuresAsync(organizationId)).All(f => f.DigestId is not null), "every digest is sent and every failure is in one");
        var digests = await DigestsAsync(organizationId);
        var mails = await Mailbox.MessagesToAsync(_mail, recipient, CancellationToken);
        Assert.Equal(digests.Count, mails.Count);
        for (var i = 0; i < mails.Count; i++)
        {
            var source = await Mailbox.RawAsync(_mail, mails[i], CancellationToken);
            Assert.Contains($"<{digests[i].Id:N}@workteam>", source);
        }

        Assert.Equal(expectedFailures, (await ReceivedFailuresAsync(organizationId)).Count);
        return digests;
    }

    private bool NotifierLogged(string text) => _host.LogsOf("notifier").Contains(text, StringComparison.Ordinal);

    private static string Time(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    private static Task WaitUntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null) =>
        Wait.UntilAsync(condition, what, timeout ?? MailTimeout, CancellationToken);

    private sealed record Digest(Guid Id, DateTimeOffset CreatedAt, DateTimeOffset? SentAt, int Attempts);

    private sealed record Failure(DateTimeOffset OccurredAt, string Operation, string Reason, Guid? DigestId);

    private async Task<List<Digest>> DigestsAsync(Guid organizationId) =>
        await QueryAsync(
            "SELECT id, created_at, sent_at, attempts FROM failure_digests WHERE organization_id = @organization ORDER BY created_at", organizationId,
            r => new Digest(r.GetGuid(0), r.GetFieldValue<DateTimeOffset>(1), r.IsDBNull(2) ? null : r.GetFieldValue<DateTimeOffset>(2), r.GetInt32(3)));

    private async Task<List<Failure>> ReceivedFailuresAsync(Guid organizationId) =>
        await QueryAsync(
            "SELECT occurred_at, operation, reason, digest_id FROM received_failures WHERE organization_id = @organization ORDER BY occurred_at", organizationId,
            r => new Failure(r.GetFieldValue<DateTimeOffset>(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetGuid(3)));

    private async Task<List<T>> QueryAsync<T>(string sql, Guid organizationId, Func<NpgsqlDataReader, T> read)
    {
        await using var connection = new NpgsqlConnection(await _host.ConnectionStringAsync("notifierdb"));
        await connection.OpenAsync(CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("organization", organizationId);
        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(CancellationToken);
        while (await reader.ReadAsync(CancellationToken))
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
