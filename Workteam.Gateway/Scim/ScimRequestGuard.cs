using System.Globalization;
using System.Net.Http.Headers;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Workteam.Gateway.Scim;

/// <summary>
/// Everything the gateway checks before a SCIM request reaches ScimApi: the bearer token of the organization
/// named in the path, the client's failed-authentication budget, the organization's request rate and the body
/// size. A request that passes carries the trusted organization header; every refusal is a SCIM error.
/// </summary>
public sealed class ScimRequestGuard : IDisposable
{
    public const string OrganizationHeader = "X-Workteam-Organization-Id";

    private readonly ScimCredentialCache _credentials;
    private readonly ScimTokenUsageLog _usage;
    private readonly ScimCredentialRefresher _refresher;
    private readonly TimeProvider _clock;
    private readonly ScimGatewayOptions _options;
    private readonly PartitionedRateLimiter<Guid> _organizationRate;
    private readonly PartitionedRateLimiter<string> _failedAuthentications;

    public ScimRequestGuard(ScimCredentialCache credentials, ScimTokenUsageLog usage, ScimCredentialRefresher refresher, TimeProvider clock, IOptions<ScimGatewayOptions> options)
    {
        _clock = clock;
        _credentials = credentials;
        _usage = usage;
        _refresher = refresher;
        _options = options.Value;
        _organizationRate = PartitionedRateLimiter.Create<Guid, Guid>(organization =>
            RateLimitPartition.GetTokenBucketLimiter(organization, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = _options.Burst,
                TokensPerPeriod = Math.Max(1, _options.RequestsPerSecond / 10),
                ReplenishmentPeriod = TimeSpan.FromMilliseconds(100),
                QueueLimit = 0,
            }));
        _failedAuthentications = PartitionedRateLimiter.Create<string, string>(client =>
            RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = _options.FailedAuthenticationsPerMinute,
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            }));
    }

    /// <summary>Lets the request on to ScimApi, or answers it with a SCIM error.</summary>
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (!ScimPath.TryGetOrganization(context.Request.Path, out var organizationId, out var isScimV2))
        {
            await ScimErrorResponse.WriteAsync(context, StatusCodes.Status404NotFound,
                isScimV2 ? "No such organization: the Base URL is /scim/v2/{organizationId}." : "SCIM lives under /scim/v2/{organizationId}.");
            return;
        }

        var client = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (_failedAuthentications.GetStatistics(client)?.CurrentAvailablePermits == 0)
        {
            await TooManyRequestsAsync(context, 60, "Too many failed authentications from this address; try again in a minute.");
            return;
        }

        var token = BearerToken(context.Request);
        var tokenId = token is null ? null : await AuthenticateAsync(organizationId, token, context.RequestAborted);
        if (tokenId is null)
        {
            using var _ = _failedAuthentications.AttemptAcquire(client);
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await ScimErrorResponse.WriteAsync(context, StatusCodes.Status401Unauthorized,
                "A valid bearer token of this organization is required. Check that SCIM provisioning is enabled and that the admin who generated the token is still an admin.");
            return;
        }

        using var lease = _organizationRate.AttemptAcquire(organizationId);
        if (!lease.IsAcquired)
        {
            await TooManyRequestsAsync(context, 1, "This organization sends SCIM requests faster than its rate limit.");
            return;
        }

        if (context.Request.Path.ToUriComponent().Length + (context.Request.QueryString.Value ?? "").Length > _options.MaxRequestTargetLength)
        {
            await ScimErrorResponse.WriteAsync(context, StatusCodes.Status414UriTooLong,
                $"The request URL is longer than {_options.MaxRequestTargetLength} characters.");
            return;
        }

        var bodyFits = ChunkedBodyBuffer.IsChunked(context.Request)
            ? await ChunkedBodyBuffer.TryBufferAsync(context.Request, _options.MaxRequestBodyBytes, context.RequestAborted)
            : (context.Request.ContentLength ?? 0) <= _options.MaxRequestBodyBytes;
        if (!bodyFits)
        {
            await ScimErrorResponse.WriteAsync(context, StatusCodes.Status413PayloadTooLarge,
                $"The request body is larger than {_options.MaxRequestBodyBytes} bytes.");
            return;
        }

        _usage.Record(tokenId.Value);
        context.Request.Headers[OrganizationHeader] = organizationId.ToString();
        await next(context);
    }

    /// <summary>
    /// Checks the token against the cached credentials. An unknown token may have been generated a moment ago,
    /// so a miss makes sure the cache is at least as new as the request (one shared fetch) before refusing.
    /// </summary>
    private async Task<Guid?> AuthenticateAsync(Guid organizationId, string token, CancellationToken cancellationToken)
    {
        var arrived = _clock.GetUtcNow();
        return _credentials.Authenticate(organizationId, token)
            ?? (await _refresher.RefreshIfNotSinceAsync(arrived, cancellationToken) ? _credentials.Authenticate(organizationId, token) : null);
    }

    public void Dispose()
    {
        _organizationRate.Dispose();
        _failedAuthentications.Dispose();
    }

    private static Task TooManyRequestsAsync(HttpContext context, int retryAfterSeconds, string detail)
    {
        context.Response.Headers.RetryAfter = retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return ScimErrorResponse.WriteAsync(context, StatusCodes.Status429TooManyRequests, detail);
    }

    private static string? BearerToken(HttpRequest request) =>
        AuthenticationHeaderValue.TryParse(request.Headers.Authorization.ToString(), out var header)
        && header.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase)
        && !string.IsNullOrWhiteSpace(header.Parameter)
            ? header.Parameter.Trim()
            : null;
}
