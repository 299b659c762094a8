using System.Net;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Workteam.Testing;

namespace Workteam.AppHost.Tests;

/// <summary>
/// Provisioning activity is not lost when a piece crashes: the changes Entra made while Directory or RabbitMQ was
/// dead (kill -9) each appear once, with their outcome, after it is started again.
/// </summary>
[Collection(AppHostCollection.Name)]
public sealed class ActivityCrashTests
{
    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Changes_made_while_directory_or_rabbitmq_was_killed_appear_once_when_they_are_back()
    {
        await using var host = await RunningAppHost.StartAsync(RunningAppHost.NewDataPath(), CancellationToken);
        using var gateway = host.CreateGatewayClient();
        var admin = new AdminApi(gateway);
        var (organization, token) = await admin.ProvisioningReadyAsync(CancellationToken);
        var scim = new ScimClient(gateway, token.BaseUrl, token.Token);
        var activity = new ActivityLogApi(admin, organization);
        var commands = host.App.Services.GetRequiredService<ResourceCommandService>();
        var first = await scim.CreateUserAsync(CancellationToken);
        await activity.RowAsync(first, "Create user", CancellationToken);

        ResourceSignals.Kill(host.App, "directory");
        await host.App.ResourceNotifications.WaitForResourceAsync("directory", KnownResourceStates.TerminalStates, CancellationToken);
        var whileDirectoryWasDead = await scim.CreateUserAsync(CancellationToken);
        Assert.Equal(HttpStatusCode.OK, (await scim.PatchAsync($"/Users/{first}", """{"Operations":[{"op":"Replace","path":"active","value":"False"}]}""", CancellationToken)).Status);
        Assert.True((await commands.ExecuteCommandAsync("directory", KnownResourceCommands.StartCommand, CancellationToken)).Success);
        await host.App.ResourceNotifications.WaitForResourceHealthyAsync("directory", CancellationToken);
        Assert.Equal("Applied", (await activity.RowAsync(whileDirectoryWasDead, "Create user", CancellationToken, TimeSpan.FromSeconds(60))).GetProperty("outcome").GetString());
        Assert.Equal("Applied", (await activity.RowAsync(first, "Disable user", CancellationToken, TimeSpan.FromSeconds(60))).GetProperty("outcome").GetString());

        ResourceSignals.Kill(host.App, "messaging");
        await host.App.ResourceNotifications.WaitForResourceAsync("messaging", KnownResourceStates.TerminalStates, CancellationToken);
        var whileRabbitMqWasDead = await scim.CreateUserAsync(CancellationToken);
        var refused = await scim.PostAsync("/Users", """{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"active":true}""", CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.True((await commands.ExecuteCommandAsync("messaging", KnownResourceCommands.StartCommand, CancellationToken)).Success);
        await host.App.ResourceNotifications.WaitForResourceHealthyAsync("messaging", CancellationToken);
        Assert.Equal("Applied", (await activity.RowAsync(whileRabbitMqWasDead, "Create user", CancellationToken, TimeSpan.FromSeconds(90))).GetProperty("outcome").GetString());
        await Wait.UntilAsync(async () => (await activity.PageAsync("?failed=true", CancellationToken)).Items.Any(i => i.GetProperty("status").GetInt32() == 400),
            "the refused request is recorded", TimeSpan.FromSeconds(60), CancellationToken);

        var rows = (await activity.PageAsync("?limit=200", CancellationToken)).Items;
        var ids = rows.Select(r => r.GetProperty("id").GetString()).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(1, rows.Count(r => r.GetProperty("scimId").GetString() == whileDirectoryWasDead));
        Assert.Equal(1, rows.Count(r => r.GetProperty("scimId").GetString() == whileRabbitMqWasDead));
        Assert.Equal(2, rows.Count(r => r.GetProperty("scimId").GetString() == first));
        Assert.Equal(5, rows.Count);
    }
}
