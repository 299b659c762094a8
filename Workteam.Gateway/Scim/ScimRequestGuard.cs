using System.Globalization;
using System.Net.Http.Headers;
using Workteam.Contracts;

namespace Workteam.Gateway.Scim;

/// <summary>
/// Everything the gateway checks before a SCIM request reaches ScimApi: that its credentials are fresh, the bearer
/// token of the organization named in the path, the failed-authentication budget of the client address against that
/// organization, the organization's request rate and requests in flight, and the body size. A request that passes
/// carries the organization header and the gateway's signed assertion of it, which ScimApi checks (decision 0013);
/// every refusal is a SCIM error.
/// </summary>
public sealed class ScimRequestGuard(
    ScimCredentialCache credentials,
    ScimTokenUsageLog usage,
    ScimCredentialRefresher refresher,
    ScimClientLimits limits,
    ServiceTrust trust,
    TimeProvider clock,
    Microsoft.Extensions.Options.IOptions<ScimGatewayOptions> options)
{
    public const string OrganizationHeader = "X-Workteam-Organization-Id";

    private readonly ScimGatewayOptions _options = options.Value;

    /// <summary>Lets the request on to ScimApi, or answers it with a SCIM error.</summary>
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (!ScimPath.TryGetOrganization(context.Request.Path, out var organizationId, out var isScimV2))
        {
            await ScimErrorResponse.WriteAsync(context, StatusCodes.Status404NotFound,
                isScimV2 ? "No such organization: the Base URL is /scim/v2/{organizationId}." : "SCIM lives under /scim/v2/{organizationId}.");
            return;
        }

        if (refresher.IsStale(clock.GetUtcNow()))
        {
            context.Response.Headers.RetryAfter = "30";
            await ScimErrorResponse.WriteAsync(context, StatusCodes.Status503ServiceUnavailable,
                "Workteam cannot check SCIM tokens right now (its directory has not answered for too long); try again shortly.");
            return;
        }

        var tokenId = await AuthenticateAsync(context, organizationId);
        if (tokenId is null)
        {
            return;
        }

        using var rate = limits.AcquireRate(organizationId);
        if (!rate.IsAcquired)
        {
            await TooManyRequestsAsync(context, 1, "This organization sends SCIM requests faster than its rate limit.");
            return;
        }

        using var inFlight = limits.AcquireInFlight(organizationId);
        if (!inFlight.IsAcquired)
        {
            await TooManyRequestsAsync(context, 1,
                $"This organization has more than {_options.ConcurrentRequestsPerOrganization} SCIM requests in progress; send fewer at once.");
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

        usage.Record(tokenId.Value);
        context.Request.Headers[OrganizationHeader] = organizationId.ToString();
        context.Request.Headers[ServiceTrust.AssertionHeader] = trust.CreateAssertion(organizationId, clock.GetUtcNow());
        await next(context);
    }

    /// <summary>
    /// The id of the request's token, or null once the request has been answered 401 or 429. A token that checks
    /// out is never refused. An unknown token may have been generated a moment ago, so a miss makes sure the cache
    /// is at least as new as the request (one shared fetch) before refusing, unless the client address has used
    /// up its failed authentications.
    /// </summary>
    private async Task<Guid?> AuthenticateAsync(HttpContext context, Guid organizationId)
    {
        var arrived = clock.GetUtcNow();
        var token = BearerToken(context.Request);
        var tokenId = token is null ? null : credentials.Authenticate(organizationId, token);
        if (tokenId is not null)
        {
            return tokenId;
        }

        var address = context.Connection.RemoteIpAddress;
        if (limits.FailuresExhausted(address, organizationId))
        {
            await TooManyRequestsAsync(context, 60, "Too many failed authentications from this address for this organization; try again in a minute.");
            return null;
        }

        if (token is not null && limits.MayRefreshFor(address)
            && await refresher.RefreshIfNotSinceAsync(arrived, context.RequestAborted))
        {
            tokenId = credentials.Authenticate(organizationId, token);
        }

        if (tokenId is null)
        {
            limits.CountFailure(address, organizationId);
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await ScimErrorResponse.WriteAsync(context, StatusCodes.Status401Unauthorized,
                "A valid bearer token of this organization is required. Check that SCIM provisioning is enabled and that the admin who generated the token is still an admin.");
        }

        return tokenId;
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
