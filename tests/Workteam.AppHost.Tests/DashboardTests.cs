using System.Net;
using System.Text.Json;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client;
using Workteam.Contracts;

namespace Workteam.AppHost.Tests;

/// <summary>
/// What operators get in the Aspire dashboard: the gateway's named URLs, and <i>Retry failed messages</i> on
/// Directory and Notifier, which moves the messages of their <c>_error</c> queues back to be consumed again.
/// </summary>
[Collection(SharedAppHostCollection.Name)]
public sealed class DashboardTests(SharedAppHost fixture)
{
    private static readonly TimeSpan MailTimeout = TimeSpan.FromSeconds(30);
    private readonly RunningAppHost _host = fixture.Host;
    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_gateway_shows_the_console_and_the_scim_base_path_as_named_urls()
    {
        var gateway = _host.App.GetEndpoint("gateway", "http");
        // The URLs are in the gateway's snapshot once it runs, which it does: the shared app host started healthy.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        var state = await _host.App.ResourceNotifications.WaitForResourceAsync(
            "gateway", e => e.Snapshot.State?.Text == KnownResourceStates.Running && e.Snapshot.Urls.Length > 0, timeout.Token);

        Assert.Contains(state.Snapshot.Urls, u => u.DisplayProperties.DisplayName == DashboardExtensions.ConsoleUrlName && new Uri(u.Url) == gateway);
        Assert.Contains(state.Snapshot.Urls, u => u.DisplayProperties.DisplayName == DashboardExtensions.ScimBaseUrlName && u.Url == new Uri(gateway, "/scim/v2/").ToString());
    }

    [Fact]
    public async Task Retry_failed_messages_on_notifier_sends_a_mail_that_had_failed()
    {
        var subject = $"Retried {Guid.NewGuid():N}";
        await SendAsync("send-email_error", new SendEmail(Guid.NewGuid(), "ops@example.test", subject, "Sent on the second try", null));
        // Other tests of this app host may have left failed mails there too; all of them are moved.
        var failed = await MessagesInAsync("send-email_error");
        Assert.True(failed >= 1);

        var moved = await RetryAsync("notifier");

        Assert.Equal((int)failed, moved.GetValueOrDefault("send-email"));
        using var mail = _host.CreateMailClient();
        await Mailbox.WaitForSubjectAsync(mail, subject, MailTimeout, CancellationToken);
    }

    [Fact]
    public async Task Retry_failed_messages_on_directory_moves_its_failed_messages_back_and_they_are_consumed()
    {
        await SendAsync("email-sent_error", new EmailSent(Guid.NewGuid(), DateTimeOffset.UtcNow));
        await SendAsync("email-sent_error", new EmailSent(Guid.NewGuid(), DateTimeOffset.UtcNow));

        var moved = await RetryAsync("directory");

        Assert.Equal(2, moved.GetValueOrDefault("email-sent"));
        await Wait.UntilAsync(async () => await MessagesInAsync("email-sent") == 0 && await MessagesInAsync("email-sent_error") == 0,
            "Directory consumed the retried messages", TimeSpan.FromSeconds(30), CancellationToken);
    }

    [Fact]
    public async Task The_retry_route_refuses_callers_without_the_service_token()
    {
        using var notifier = new HttpClient { BaseAddress = _host.App.GetEndpoint("notifier", "http") };
        using var response = await notifier.PostAsync(InternalRoutes.RetryFailedMessages, null, CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    /// <summary>Runs the command as the dashboard does; what it moved, by queue.</summary>
    private async Task<Dictionary<string, int>> RetryAsync(string resource)
    {
        var commands = _host.App.Services.GetRequiredService<ResourceCommandService>();
        var result = await commands.ExecuteCommandAsync(resource, DashboardExtensions.RetryFailedMessagesCommand, CancellationToken);
        Assert.True(result.Success, result.Message);
        return JsonSerializer.Deserialize<RetryResult>(result.Message!, JsonSerializerOptions.Web)!.Moved;
    }

    private sealed record RetryResult(Dictionary<string, int> Moved);

    private async Task SendAsync<T>(string queue, T message)
        where T : class
    {
        var messaging = new Uri(await _host.ConnectionStringAsync("messaging"));
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit => rabbit.Host(messaging));
        await bus.StartAsync(CancellationToken);
        try
        {
            var endpoint = await bus.GetSendEndpoint(new Uri($"queue:{queue}"));
            await endpoint.Send(message, CancellationToken);
        }
        finally
        {
            await bus.StopAsync(CancellationToken);
        }
    }

    private async Task<uint> MessagesInAsync(string queue)
    {
        var factory = new ConnectionFactory { Uri = new Uri(await _host.ConnectionStringAsync("messaging")) };
        await using var connection = await factory.CreateConnectionAsync(CancellationToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: CancellationToken);
        return (await channel.QueueDeclarePassiveAsync(queue, CancellationToken)).MessageCount;
    }
}
