using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Workteam.Testing;

namespace Workteam.AppHost.Tests;

/// <summary>A refusal is journaled before it is answered, so a gateway killed before shipping it loses nothing.</summary>
[Collection(AppHostCollection.Name)]
public sealed class GatewayRefusalJournalTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Refusals_a_killed_gateway_had_not_shipped_are_recorded_once_after_it_restarts()
    {
        // Shipping waits an hour: the first gateway process only journals.
        await using var host = await RunningAppHost.StartAsync(RunningAppHost.NewDataPath(), Cancel, "Gateway:Scim:RefusalShipInterval=01:00:00");
        using var gateway = host.CreateGatewayClient();
        var (organization, token) = await new AdminApi(gateway).ProvisioningReadyAsync(Cancel);
        var url = Scim.TestConnectionUsersPath(token.BaseUrl);
        await Scim.WaitForStatusAsync(gateway, url, $"Bearer {token.Token}", HttpStatusCode.OK, TimeSpan.FromSeconds(5), Cancel);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            using var refused = await Scim.GetAsync(gateway, url, "Bearer wtscim_wrong", Cancel);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        Assert.Empty(await ActivityTable.RowsAsync(host, organization.OrganizationId, Cancel));
        var journal = Assert.Single(System.IO.Directory.GetFiles(Path.Combine(host.DataPath, "gateway-refusals"), "*.jsonl"));
        var journaled = JournaledIds(journal);
        Assert.Equal(5, journaled.Count);

        ResourceSignals.Kill(host.App, "gateway");
        await host.App.ResourceNotifications.WaitForResourceAsync(
            "gateway", e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text), Cancel);
        var started = await host.App.Services.GetRequiredService<ResourceCommandService>()
            .ExecuteCommandAsync("gateway", KnownResourceCommands.StartCommand, Cancel);
        Assert.True(started.Success, started.Message);
        await host.App.ResourceNotifications.WaitForResourceHealthyAsync("gateway", Cancel);

        var rows = await ActivityTable.WaitForAsync(host, organization.OrganizationId, _ => true, 5, Cancel);
        Assert.Equal(journaled.Order(), rows.Select(r => r.Id).Order());
        Assert.All(rows, row => Assert.Equal(("GET /Users", 401, "Refused", "Gateway"), (row.Operation, row.Status, row.Outcome, row.Source)));
        Assert.False(File.Exists(journal), "the restarted gateway deletes the journal it shipped");
        await Wait.UntilAsync(() => Task.FromResult(host.LogsOf("gateway").Contains($"Shipped 5 SCIM refusals journaled by an ended gateway process ({journal})")),
            "the restarted gateway logs what it shipped", TimeSpan.FromSeconds(10), Cancel);
    }

    /// <summary>
    /// The refusal ids in a journal its gateway still holds: .NET would take a shared lock to read it, which the
    /// gateway's exclusive one refuses, so <c>cat</c> reads it.
    /// </summary>
    private static List<Guid> JournaledIds(string path)
    {
        using var cat = Process.Start(new ProcessStartInfo("cat", [path]) { RedirectStandardOutput = true })!;
        var text = cat.StandardOutput.ReadToEnd();
        cat.WaitForExit();
        Assert.Equal(0, cat.ExitCode);
        return [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.GetProperty("id").GetGuid())];
    }
}
