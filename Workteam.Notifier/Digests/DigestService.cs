using Microsoft.Extensions.Options;
using Workteam.Contracts;

namespace Workteam.Notifier.Digests;

/// <summary>
/// Every <see cref="DigestOptions.DigestPollInterval"/>: sends digests due for a (re)try, then groups the pending
/// failures of each organization whose window has passed into a new digest and sends it.
/// </summary>
public sealed class DigestService(
    IServiceScopeFactory scopes, IOptions<DigestOptions> options, TimeProvider clock, ILogger<DigestService> logger) : BackgroundService
{
    private readonly DigestOptions _options = options.Value;

    /// <summary>Organizations without a notification email are asked again only after this time.</summary>
    private readonly Dictionary<Guid, DateTimeOffset> _deferred = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        logger.LogInformation("Failure digests: at most one per organization every {Window}", _options.DigestWindow);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "The failure digest cycle failed; trying again in {Interval}", _options.DigestPollInterval);
            }

            try
            {
                await Task.Delay(_options.DigestPollInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var delivery = scope.ServiceProvider.GetRequiredService<DigestDelivery>();
        await delivery.SendDueAsync(cancellationToken);

        if (await CreateDueDigestsAsync(scope.ServiceProvider, cancellationToken) > 0)
        {
            await delivery.SendDueAsync(cancellationToken);
        }
    }

    private async Task<int> CreateDueDigestsAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var grouping = services.GetRequiredService<DigestGrouping>();
        var targets = services.GetRequiredService<NotificationTargets>();
        var created = 0;
        foreach (var organizationId in await grouping.OrganizationsWithPendingFailuresAsync(cancellationToken))
        {
            var now = clock.GetUtcNow();
            if ((_deferred.TryGetValue(organizationId, out var until) && now < until)
                || !await grouping.IsDueAsync(organizationId, now, _options.DigestWindow, cancellationToken))
            {
                continue;
            }

            var (target, problem) = await LookUpAsync(targets, organizationId, cancellationToken);
            if (target?.NotificationEmail is not { Length: > 0 } recipient)
            {
                // Kept, not dropped: once the admin sets the address, the next digest lists everything that waited.
                _deferred[organizationId] = now + _options.MissingRecipientRetry;
                logger.LogWarning(
                    "Organization {OrganizationId} has provisioning failures but {Problem}; they stay pending and it is asked again in {Retry}",
                    organizationId, problem, _options.MissingRecipientRetry);
                continue;
            }

            _deferred.Remove(organizationId);
            if (await grouping.TryCreateAsync(organizationId, target, recipient, clock.GetUtcNow(), _options.DigestWindow, cancellationToken) is { } digest)
            {
                logger.LogInformation("Created failure digest {DigestId} for organization {OrganizationId}", digest.Id, organizationId);
                created++;
            }
        }

        return created;
    }

    private async Task<(OrganizationNotificationTarget? Target, string Problem)> LookUpAsync(
        NotificationTargets targets, Guid organizationId, CancellationToken cancellationToken)
    {
        try
        {
            var target = await targets.FindAsync(organizationId, cancellationToken);
            return (target, target is null ? "Directory does not know it" : "it has no notification email");
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // Directory unreachable: the other organizations still get their digests.
            logger.LogDebug(e, "Could not ask Directory where organization {OrganizationId}'s notifications go", organizationId);
            return (null, $"Directory could not be asked ({e.Message})");
        }
    }
}
