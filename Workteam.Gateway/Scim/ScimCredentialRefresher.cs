using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using Workteam.Contracts;

namespace Workteam.Gateway.Scim;

/// <summary>
/// Keeps <see cref="ScimCredentialCache"/> in step with Directory: every interval it reports token usage and
/// asks for the credential set (a 304 when nothing changed). A revoked token, disabled provisioning or a
/// demoted issuer therefore stops working on every gateway replica within one interval.
/// </summary>
public sealed class ScimCredentialRefresher(
    DirectoryClient directory,
    ScimCredentialCache cache,
    ScimTokenUsageLog usage,
    IOptions<ScimGatewayOptions> options,
    TimeProvider clock,
    ILogger<ScimCredentialRefresher> logger) : BackgroundService
{
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private DateTimeOffset _lastRefresh = DateTimeOffset.MinValue;

    /// <summary>
    /// Whether the credentials held are older than <see cref="ScimGatewayOptions.CredentialStalenessLimit"/>: then
    /// no SCIM request is let through until Directory answers again.
    /// </summary>
    public bool IsStale(DateTimeOffset now) => cache.IsLoaded && now - _lastRefresh > options.Value.CredentialStalenessLimit;

    /// <summary>
    /// Makes sure the cache holds what Directory had when <paramref name="since"/> passed: fetches again unless a
    /// fetch started after that moment. Concurrent callers share one fetch. False when Directory cannot be reached
    /// or sends something that is not a credential set.
    /// </summary>
    public async Task<bool> RefreshIfNotSinceAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        await _refreshing.WaitAsync(cancellationToken);
        try
        {
            if (_lastRefresh < since)
            {
                await FetchAsync(cancellationToken);
            }

            return true;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(e, "Could not refresh SCIM credentials from Directory; keeping version {Version}", cache.Version);
            return false;
        }
        finally
        {
            _refreshing.Release();
        }
    }

    /// <summary>
    /// Reports usage and refreshes every interval. Nothing Directory answers may end the loop: a failed report
    /// keeps its usage for the next one and never holds back the refresh, and a failed refresh keeps the cached set
    /// until <see cref="IsStale"/>.
    /// </summary>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CredentialRefreshInterval, clock);
        do
        {
            await ReportUsageAsync(stoppingToken);
            await RefreshIfNotSinceAsync(DateTimeOffset.MaxValue, stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task FetchAsync(CancellationToken cancellationToken)
    {
        var started = clock.GetUtcNow();
        using var response = await directory.SendAsync(replica =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, new Uri(replica, "/internal/scim-credentials"));
            if (cache.Version is { } version)
            {
                request.Headers.IfNoneMatch.Add(new EntityTagHeaderValue($"\"{version}\""));
            }

            return request;
        }, cancellationToken);
        if (response.StatusCode != HttpStatusCode.NotModified)
        {
            response.EnsureSuccessStatusCode();
            var snapshot = await response.Content.ReadFromJsonAsync<ScimCredentialSnapshot>(cancellationToken);
            if (snapshot?.Version is null || snapshot.Organizations is null)
            {
                throw new HttpRequestException("Directory sent an empty or incomplete credential set.");
            }

            cache.Replace(snapshot);
        }

        _lastRefresh = started;
    }

    private async Task ReportUsageAsync(CancellationToken cancellationToken)
    {
        var (used, lastWrites) = usage.TakeAll();
        if (used.Count == 0 && lastWrites.Count == 0)
        {
            return;
        }

        try
        {
            var report = new ScimTokenUsage(used, clock.GetUtcNow(), lastWrites);
            using var response = await directory.SendAsync(replica => new HttpRequestMessage(HttpMethod.Post, new Uri(replica, "/internal/scim-token-usage"))
            {
                Content = JsonContent.Create(report),
            }, cancellationToken);
            response.EnsureSuccessStatusCode();
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            usage.Restore(used, lastWrites);
            logger.LogWarning(e, "Could not report the use of {Count} SCIM tokens to Directory; reporting it next time", used.Count);
        }
    }
}
