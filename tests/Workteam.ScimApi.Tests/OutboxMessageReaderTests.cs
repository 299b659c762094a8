using System.Text.Json;
using Workteam.Contracts.Provisioning;
using Workteam.ServiceDefaults.Outbox;

namespace Workteam.ScimApi.Tests;

public sealed class OutboxMessageReaderTests
{
    private static OutboxMessage Row(string type, string payload) =>
        new() { MessageType = type, Payload = JsonDocument.Parse(payload), MessageId = Guid.NewGuid() };

    [Fact]
    public void A_row_reads_back_as_the_message_it_holds()
    {
        var written = new GroupRenamed(Guid.NewGuid(), Guid.NewGuid(), 3, DateTimeOffset.UnixEpoch, "Sales");
        var row = Row(typeof(GroupRenamed).FullName!, JsonSerializer.Serialize(written, JsonSerializerOptions.Web));
        Assert.True(OutboxMessageReader.TryRead(row, out var message, out _));
        Assert.Equal(written, message);
    }

    [Theory]
    [InlineData("Workteam.Contracts.Provisioning.NoSuchEvent", "{}", "unknown message type")]
    [InlineData("Workteam.Contracts.Provisioning.GroupRenamed", """{"organizationId":"not a guid"}""", "does not read as GroupRenamed")]
    [InlineData("Workteam.Contracts.Provisioning.GroupRenamed", """{"organizationId":"5f0d6c1e-0000-7000-8000-000000000001"}""", "does not read as GroupRenamed")]
    [InlineData("Workteam.Contracts.Provisioning.GroupRenamed", "null", "is null")]
    public void A_row_that_is_not_its_message_says_why(string type, string payload, string reason)
    {
        Assert.False(OutboxMessageReader.TryRead(Row(type, payload), out _, out var error));
        Assert.Contains(reason, error);
    }
}
