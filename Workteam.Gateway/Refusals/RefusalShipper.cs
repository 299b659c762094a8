using System.Net.Http.Json;
using Microsoft.Extensions.Options;
using Workteam.Contracts;
using Workteam.Gateway.Scim;

namespace Workteam.Gateway.Refusals;

/// <summary>
/// Ships journaled refusals to Directory (<c>POST /internal/scim-refusals</c>) every
/// <see cref="ScimGatewayOptions.RefusalShipInterval"/>, and forgets them once Directory has them. At start and then
/// every <see cref="ScimGatewayOptions.RefusalClaimInterval"/> it also ships and deletes the journals that ended
/// processes left behind (a gateway killed before it shipped). Directory ignores a refusal it already has, so a
/// refusal shipped twice (shipped, then killed before forgetting it) is recorded once.
/// </summary>
public sealed class RefusalShipper(
    DirectoryClient directory,
    RefusalJournal journal,
    RefusalThrottle throttle,
    IOptions<ScimGatewayOptions> options,
    TimeProvider clock,
    ILogger<RefusalShipper> logger) : BackgroundService
{
    public const int BatchSize = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var nextClaim = DateTimeOffset.MinValue;
        using var timer = new PeriodicTimer(settings.RefusalShipInterval, clock);
        do
        {
            // A minute's summary exists only in memory until it is journaled here: it is lost if the gateway is
            // killed before the minute ends (the refusals recorded one by one are not).
            foreach (var summary in throttle.TakeSummaries())
            {
                journal.Append(summary);
            }

            await ShipOwnAsync(stoppingToken);
            if (clock.GetUtcNow() >= nextClaim)
            {
                await ShipLeftBehindAsync(stoppingToken);
                nextClaim = clock.GetUtcNow() + settings.RefusalClaimInterval;
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Ships this process's journal, a batch at a time, until it is empty or Directory does not take a batch.</summary>
    public async Task ShipOwnAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<ScimRefusal> batch;
        while ((batch = journal.Pending(BatchSize)).Count > 0)
        {
            if (!await TryShipAsync(batch, cancellationToken))
            {
                return;
            }

            journal.Shipped(batch.Count);
        }
    }

    /// <summary>Ships and deletes each journal no live process holds; one Directory does not take stays for the next round.</summary>
    public async Task ShipLeftBehindAsync(CancellationToken cancellationToken)
    {
        try
        {
            foreach (var path in journal.OtherFiles())
            {
                if (!await ShipLeftBehindAsync(path, cancellationToken))
                {
                    return;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(e, "Could not ship the SCIM refusal journals of ended gateway processes in {Folder}; trying again later", journal.Folder);
        }
    }

    /// <summary>False when Directory did not take the journal's records.</summary>
    private async Task<bool> ShipLeftBehindAsync(string path, CancellationToken cancellationToken)
    {
        using var claimed = journal.TryClaim(path);
        if (claimed is null)
        {
            return true;
        }

        foreach (var batch in claimed.Records.Chunk(BatchSize))
        {
            if (!await TryShipAsync(batch, cancellationToken))
            {
                return false;
            }
        }

        claimed.Complete();
        logger.LogInformation("Shipped {Count} SCIM refusals journaled by an ended gateway process ({Path})", claimed.Records.Count, path);
        return true;
    }

    private async Task<bool> TryShipAsync(IReadOnlyList<ScimRefusal> batch, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await directory.SendAsync(replica => new HttpRequestMessage(HttpMethod.Post, new Uri(replica, "/internal/scim-refusals"))
            {
                Content = JsonContent.Create(batch),
            }, cancellationToken);
            response.EnsureSuccessStatusCode();
            return true;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(e, "Could not ship {Count} SCIM refusals to Directory; they stay journaled and are shipped later", batch.Count);
            return false;
        }
    }
}
