using System.Collections.Concurrent;
using MassTransit;
using Npgsql;
using Workteam.Contracts;

namespace Workteam.AppHost.Tests;

/// <summary>Notifier sends an email at most once per message id: a <c>SendEmail</c> delivered again is reported sent, not mailed again.</summary>
[Collection(SharedAppHostCollection.Name)]
public sealed class MailOnceTests(SharedAppHost shared)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly RunningAppHost _host = shared.Host;
    private readonly HttpClient _mail = shared.Host.CreateMailClient();
    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_send_email_delivered_twice_is_mailed_once_and_reported_sent_both_times()
    {
        var email = new SendEmail(Guid.NewGuid(), AdminApi.NewEmail("once"), "Sent once", "Only one of these.", null);
        var reports = new ConcurrentQueue<EmailSent>();
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit =>
        {
            rabbit.Host(new Uri(_host.ConnectionStringAsync("messaging").GetAwaiter().GetResult()));
            rabbit.ReceiveEndpoint($"mail-once-test-{Guid.NewGuid():N}", endpoint =>
            {
                endpoint.AutoDelete = true;
                endpoint.Durable = false;
                endpoint.Handler<EmailSent>(context =>
                {
                    if (context.Message.MessageId == email.MessageId)
                    {
                        reports.Enqueue(context.Message);
                    }

                    return Task.CompletedTask;
                });
            });
        });
        await bus.StartAsync(CancellationToken);
        try
        {
            // The same message twice, as RabbitMQ redelivers it when Notifier dies before acknowledging it.
            await bus.Publish(email, context => context.MessageId = email.MessageId, CancellationToken);
            await bus.Publish(email, context => context.MessageId = email.MessageId, CancellationToken);
            await Wait.UntilAsync(() => Task.FromResult(reports.Count == 2), "Notifier has consumed both deliveries", Timeout, CancellationToken);
        }
        finally
        {
            await bus.StopAsync(CancellationToken);
        }

        var mail = Assert.Single(await Mailbox.MessagesToAsync(_mail, email.To, CancellationToken));
        Assert.Contains($"<{email.MessageId:N}@workteam>", await Mailbox.RawAsync(_mail, mail, CancellationToken));
        var (repeats, response) = await RecordAsync(email.MessageId);
        Assert.Equal(1, repeats);
        Assert.False(string.IsNullOrWhiteSpace(response), "the SMTP server's answer is kept");
    }

    private async Task<(int Repeats, string? Response)> RecordAsync(Guid messageId)
    {
        await using var connection = new NpgsqlConnection(await _host.ConnectionStringAsync("notifierdb"));
        await connection.OpenAsync(CancellationToken);
        await using var command = new NpgsqlCommand("SELECT repeats, server_response FROM sent_emails WHERE message_id = @id", connection);
        command.Parameters.AddWithValue("id", messageId);
        await using var reader = await command.ExecuteReaderAsync(CancellationToken);
        Assert.True(await reader.ReadAsync(CancellationToken), "Notifier keeps a record of the sent email");
        return (reader.GetInt32(0), reader.IsDBNull(1) ? null : reader.GetString(1));
    }
}
