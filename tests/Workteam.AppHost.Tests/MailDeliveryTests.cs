using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting.ApplicationModel;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Workteam.Contracts;

namespace Workteam.AppHost.Tests;

/// <summary>
/// Notifier delivers over STARTTLS after signing in to an SMTP server that requires both, and an invitation counts
/// as sent only once the SMTP server accepted its email.
/// </summary>
[Collection(AppHostCollection.Name)]
public sealed class MailDeliveryTests(MailDeliveryHost fixture) : IClassFixture<MailDeliveryHost>
{
    private static readonly TimeSpan MailTimeout = TimeSpan.FromSeconds(30);
    private readonly RunningAppHost _host = fixture.Host;
    private readonly HttpClient _gateway = fixture.Host.CreateGatewayClient();
    private readonly HttpClient _mail = fixture.Host.CreateMailClient();
    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_mail_is_delivered_over_starttls_after_signing_in_with_the_configured_credentials()
    {
        var subject = $"TLS test {Guid.NewGuid():N}";
        var messaging = new Uri(await _host.ConnectionStringAsync("messaging"));
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit => rabbit.Host(messaging));
        await bus.StartAsync(CancellationToken);
        try
        {
            await bus.Publish(new SendEmail(Guid.NewGuid(), "admin@example.test", subject, "Plain text body", null), CancellationToken);
        }
        finally
        {
            await bus.StopAsync(CancellationToken);
        }

        var delivered = await Mailbox.WaitForSubjectAsync(_mail, subject, MailTimeout, CancellationToken);
        var details = await _mail.GetFromJsonAsync<JsonElement>($"/api/messages/{delivered.GetProperty("id").GetString()}", CancellationToken);
        Assert.True(details.GetProperty("secureConnection").GetBoolean(), details.ToString());

        var log = await SessionLogAsync(subject);
        var startTls = log.IndexOf("220 Ready to start TLS", StringComparison.Ordinal);
        var signedIn = log.IndexOf("235 Authenticated OK", StringComparison.Ordinal);
        var mailFrom = log.IndexOf("MAIL FROM:", StringComparison.OrdinalIgnoreCase);
        Assert.True(startTls >= 0 && signedIn > startTls && mailFrom > signedIn, log);
        Assert.DoesNotContain(fixture.Password, _host.LogsOf("notifier"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invitation_is_marked_sent_only_after_the_smtp_server_accepted_its_email()
    {
        var admin = new AdminApi(_gateway);
        var (_, token) = await admin.ProvisioningReadyAsync(CancellationToken);
        var scim = new ScimClient(_gateway, token.BaseUrl, token.Token);
        await Scim.WaitForStatusAsync(_gateway, Scim.TestConnectionUsersPath(token.BaseUrl), $"Bearer {token.Token}", HttpStatusCode.OK, TimeSpan.FromSeconds(10), CancellationToken);
        var email = AdminApi.NewEmail("member");
        var commands = _host.App.Services.GetRequiredService<ResourceCommandService>();

        var stopped = await commands.ExecuteCommandAsync("smtp", KnownResourceCommands.StopCommand, CancellationToken);
        Assert.True(stopped.Success, stopped.Message);
        Invitation queued;
        try
        {
            await _host.App.ResourceNotifications.WaitForResourceAsync(
                "smtp", e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text), CancellationToken);
            await scim.CreateUserAsync(CancellationToken, $"member-{Guid.NewGuid():N}", $$""","emails":[{"value":"{{email}}","type":"work"}]""");

            queued = await WaitForInvitationAsync(email, i => i.QueuedAt is not null, "the invitation email is queued", MailTimeout);
            var attempt = $"Sending email {queued.Id} failed";
            await WaitUntilAsync(() => _host.LogsOf("notifier").Contains(attempt, StringComparison.Ordinal), "Notifier fails to send it", MailTimeout);
            Assert.Null((await InvitationAsync(email))!.SentAt);
        }
        finally
        {
            var started = await commands.ExecuteCommandAsync("smtp", KnownResourceCommands.StartCommand, CancellationToken);
            Assert.True(started.Success, started.Message);
        }

        await _host.App.ResourceNotifications.WaitForResourceHealthyAsync("smtp", CancellationToken);
        // Notifier retries with growing delays, up to 2 minutes apart.
        var sent = await WaitForInvitationAsync(email, i => i.SentAt is not null, "the invitation is marked sent", TimeSpan.FromMinutes(3));
        Assert.Equal(queued.QueuedAt, sent.QueuedAt);
        var mail = Assert.Single(await Mailbox.MessagesToAsync(_mail, email, CancellationToken));
        Assert.Contains($"<{sent.Id:N}@workteam>", await Mailbox.RawAsync(_mail, mail, CancellationToken));
        Assert.True(sent.SentAt >= mail.GetProperty("receivedDate").GetDateTimeOffset() - TimeSpan.FromSeconds(1), "marked sent before smtp4dev received it");
    }

    /// <summary>The SMTP conversation that carried the mail with this subject.</summary>
    private async Task<string> SessionLogAsync(string subject)
    {
        var sessions = await _mail.GetFromJsonAsync<JsonElement>("/api/sessions?pageSize=1000", CancellationToken);
        foreach (var session in sessions.GetProperty("results").EnumerateArray())
        {
            var log = await _mail.GetStringAsync($"/api/sessions/{session.GetProperty("id").GetString()}/log", CancellationToken);
            if (log.Contains(subject, StringComparison.Ordinal))
            {
                return log;
            }
        }

        throw new InvalidOperationException($"No SMTP session carried '{subject}'.");
    }

    private sealed record Invitation(Guid Id, DateTimeOffset? QueuedAt, DateTimeOffset? SentAt);

    private async Task<Invitation> WaitForInvitationAsync(string email, Func<Invitation, bool> condition, string what, TimeSpan timeout)
    {
        Invitation? found = null;
        await Wait.UntilAsync(async () => (found = await InvitationAsync(email)) is { } invitation && condition(invitation), what, timeout, CancellationToken);
        return found!;
    }

    private async Task<Invitation?> InvitationAsync(string email)
    {
        await using var connection = new NpgsqlConnection(await _host.ConnectionStringAsync("directorydb"));
        await connection.OpenAsync(CancellationToken);
        await using var command = new NpgsqlCommand("SELECT id, queued_at, sent_at FROM invitations WHERE email = @email", connection);
        command.Parameters.AddWithValue("email", email);
        await using var reader = await command.ExecuteReaderAsync(CancellationToken);
        return await reader.ReadAsync(CancellationToken)
            ? new Invitation(reader.GetGuid(0), Nullable(reader, 1), Nullable(reader, 2))
            : null;
    }

    private static DateTimeOffset? Nullable(NpgsqlDataReader reader, int column) =>
        reader.IsDBNull(column) ? null : reader.GetFieldValue<DateTimeOffset>(column);

    private static Task WaitUntilAsync(Func<bool> condition, string what, TimeSpan timeout) =>
        Wait.UntilAsync(() => Task.FromResult(condition()), what, timeout, CancellationToken);
}
