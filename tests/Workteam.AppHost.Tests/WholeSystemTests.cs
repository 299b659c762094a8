using System.Net;
using System.Text.Json;
using MassTransit;
using Workteam.Contracts;

namespace Workteam.AppHost.Tests;

[Collection(AppHostCollection.Name)]
public sealed class WholeSystemTests
{
    [Fact]
    public async Task The_whole_system_runs_on_local_servers_and_leaves_none_behind()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var dataPath = RunningAppHost.NewDataPath();

        await using (var host = await RunningAppHost.StartAsync(dataPath, cancellationToken))
        {
            Assert.NotEmpty(ServerProcesses.Using(dataPath));
            using var gateway = host.CreateGatewayClient();

            await AssertGatewayReachesDirectoryAsync(gateway, cancellationToken);
            await AssertGatewayReachesScimApiAsync(gateway, cancellationToken);
            await AssertNotifierConsumesFromRabbitMqAndMailsAsync(host, cancellationToken);
        }

        Assert.Empty(await ServerProcesses.WaitUntilGoneAsync(dataPath, TimeSpan.FromSeconds(30)));
    }

    private static async Task AssertGatewayReachesDirectoryAsync(HttpClient gateway, CancellationToken cancellationToken)
    {
        using var response = await gateway.GetAsync("/", cancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<title>Welcome · Workteam</title>", await response.Content.ReadAsStringAsync(cancellationToken));
    }

    private static async Task AssertGatewayReachesScimApiAsync(HttpClient gateway, CancellationToken cancellationToken)
    {
        // Only an authenticated request gets past the gateway; ScimApi answers an unknown endpoint itself.
        var (_, token) = await new AdminApi(gateway).ProvisioningReadyAsync(cancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{token.BaseUrl}/NoSuchEndpoint");
        request.Headers.Authorization = Scim.Bearer(token.Token);
        using var response = await gateway.SendAsync(request, cancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/scim+json", response.Content.Headers.ContentType?.MediaType);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        Assert.Equal("404", error.RootElement.GetProperty("status").GetString());
        Assert.Contains("/NoSuchEndpoint", error.RootElement.GetProperty("detail").GetString());
        Assert.Equal("urn:ietf:params:scim:api:messages:2.0:Error", error.RootElement.GetProperty("schemas")[0].GetString());
    }

    private static async Task AssertNotifierConsumesFromRabbitMqAndMailsAsync(RunningAppHost host, CancellationToken cancellationToken)
    {
        var subject = $"Whole system test {Guid.NewGuid():N}";
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit => rabbit.Host(new Uri(host.ConnectionStringAsync("messaging").Result)));
        await bus.StartAsync(cancellationToken);
        try
        {
            await bus.Publish(new SendEmail(Guid.NewGuid(), "admin@example.test", subject, "Plain text body", "<p>HTML body</p>"), cancellationToken);
        }
        finally
        {
            await bus.StopAsync(cancellationToken);
        }

        using var mail = host.CreateMailClient();
        var delivered = await Mailbox.WaitForSubjectAsync(mail, subject, TimeSpan.FromSeconds(30), cancellationToken);
        Assert.Contains("admin@example.test", delivered.GetProperty("to").EnumerateArray().Select(t => t.GetString()));
    }
}
