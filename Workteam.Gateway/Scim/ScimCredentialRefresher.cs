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
    IHttpClientFactory httpClients,
    ScimCredentialCache cache,
    ScimTokenUsageLog usage,
    IOptions<ScimGatewayOptions> options,
    TimeProvider clock,
    ILogger<ScimCredentialRefresher> logger) : BackgroundService
{
    public const string DirectoryClientName = "directory";

    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private readonly HttpClient _directory = httpClients.CreateClient(DirectoryClientName);
    private DateTimeOffset _lastRefresh = DateTimeOffset.MinValue;

    /// <summary>
    /// Makes sure the cache holds what Directory had when <paramref name="since"/> passed: fetches again unless a
    /// fetch started after that moment. Concurrent callers share one fetch. False when Directory cannot be reached.
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
        catch (HttpRequestException e)
        {
            logger.LogWarning(e, "Could not refresh SCIM credentials from Directory; keeping version {Version}", cache.Version);
            return false;
        }
        finally
        {
            _refreshing.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CredentialRefreshInterval, clock);
        do
        {
            try
            {
                await ReportUsageAsync(stoppingToken);
                await RefreshAsync(stoppingToken);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Could not refresh SCIM credentials from Directory; keeping version {Version}", cache.Version);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await _refreshing.WaitAsync(cancellationToken);
        try
        {
            await FetchAsync(cancellationToken);
        }
        finally
        {
            _refreshing.Release();
        }
    }

    private async Task FetchAsync(CancellationToken cancellationToken)
    {
        var started = clock.GetUtcNow();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/internal/scim-credentials");
        if (cache.Version is { } version)
        {
            request.Headers.IfNoneMatch.Add(new EntityTagHeaderValue($"\"{version}\""));
        }

        using var response = await _directory.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.NotModified)
        {
            response.EnsureSuccessStatusCode();
            var snapshot = await response.Content.ReadFromJsonAsync<ScimCredentialSnapshot>(cancellationToken)
                ?? throw new HttpRequestException("Directory sent an empty credential set.");
            cache.Replace(snapshot);
        }

        _lastRefresh = started;
    }

    private async Task ReportUsageAsync(CancellationToken cancellationToken)
    {
        var used = usage.TakeAll();
        if (used.Count > 0)
        {
            using var response = await _directory.PostAsJsonAsync(
                "/internal/scim-token-usage", new ScimTokenUsage(used, clock.GetUtcNow()), cancellationToken);
            response.EnsureSuccessStatusCode();
        }
    }
}
