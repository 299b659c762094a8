using System.Globalization;
using System.Net.Http.Headers;
using Workteam.Contracts;
using Workteam.Gateway.Refusals;

namespace Workteam.Gateway.Scim;

/// <summary>
/// Everything the gateway checks before a SCIM request reaches ScimApi: that its credentials are fresh, the bearer
/// token of the organization named in the path, the failed-authentication budget of the client address against that
/// organization, the organization's request rate and requests in flight, and the body size. A request that passes
/// carries the organization header and the gateway's signed assertion of it, which ScimApi checks (decision 0013);
/// every refusal of an organization is a SCIM error and is recorded (<see cref="ScimRefusals"/>). It also notes when
/// each organization's latest successful write started.
/// </summary>
public sealed class ScimRequestGuard(
    ScimCredentialCache credentials,
    ScimTokenUsageLog usage,
    ScimCredentialRefresher refresher,
    ScimClientLimits limits,
    ScimRefusals refusals,
    ServiceTrust trust,
    TimeProvider clock,
    Microsoft.Extensions.Options.IOptions<ScimGatewayOptions> options)
{
    public const string OrganizationHeader = "X-Workteam-Organization-Id";

    private const string MissingToken = "A bearer token of this organization is required (Authorization: Bearer <token>).";

    private const string UnknownToken =
        "The bearer token is not a token of this organization. Enter a token generated in Workteam's SCIM settings as Entra's Secret Token.";

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

        var arrived = clock.GetUtcNow();
        if (refresher.IsStale(arrived))
        {
            context.Response.Headers.RetryAfter = "30";
            await refusals.RefuseAsync(context, organizationId, StatusCodes.Status503ServiceUnavailable, RefusalKind.StaleCredentials,
                "Workteam cannot check SCIM tokens right now (its directory has not answered for too long); try again shortly.");
            return;
        }

        var tokenId = await AuthenticateAsync(context, organizationId, arrived);
        if (tokenId is null)
        {
            return;
        }

        using var rate = limits.AcquireRate(organizationId);
        if (!rate.IsAcquired)
        {
            await TooManyRequestsAsync(context, organizationId, 1, RefusalKind.RateLimited,
                $"This organization sends SCIM requests faster than its rate limit ({_options.RequestsPerSecond} a second, bursts of {_options.Burst}).");
            return;
        }

        using var inFlight = limits.AcquireInFlight(organizationId);
        if (!inFlight.IsAcquired)
        {
            await TooManyRequestsAsync(context, organizationId, 1, RefusalKind.TooManyInFlight,
                $"This organization has more than {_options.ConcurrentRequestsPerOrganization} SCIM requests in progress; send fewer at once.");
            return;
        }

        if (context.Request.Path.ToUriComponent().Length + (context.Request.QueryString.Value ?? "").Length > _options.MaxRequestTargetLength)
        {
            await refusals.RefuseAsync(context, organizationId, StatusCodes.Status414UriTooLong, RefusalKind.UrlTooLong,
                $"The request URL is longer than {_options.MaxRequestTargetLength} characters.");
            return;
        }

        var bodyFits = ChunkedBodyBuffer.IsChunked(context.Request)
            ? await ChunkedBodyBuffer.TryBufferAsync(context.Request, _options.MaxRequestBodyBytes, context.RequestAborted)
            : (context.Request.ContentLength ?? 0) <= _options.MaxRequestBodyBytes;
        if (!bodyFits)
        {
            await refusals.RefuseAsync(context, organizationId, StatusCodes.Status413PayloadTooLarge, RefusalKind.BodyTooLarge,
                $"The request body is larger than {_options.MaxRequestBodyBytes} bytes.");
            return;
        }

        usage.Record(tokenId.Value);
        context.Request.Headers[OrganizationHeader] = organizationId.ToString();
        context.Request.Headers[ServiceTrust.AssertionHeader] = trust.CreateAssertion(organizationId, clock.GetUtcNow());
        await next(context);
        if (IsWrite(context.Request.Method) && context.Response.StatusCode is >= 200 and < 300)
        {
            usage.RecordWrite(organizationId, arrived);
        }
    }

    private static bool IsWrite(string method) =>
        HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method);

    /// <summary>
    /// The id of the request's token, or null once the request has been answered 401 or 429. A token that checks
    /// out is never refused. An unknown token may have been generated a moment ago, so a miss makes sure the cache
    /// is at least as new as the request (one shared fetch) before refusing, unless the client address has used
    /// up its failed authentications. The 401 says why: a retired token with the reason Directory gave for it.
    /// </summary>
    private async Task<Guid?> AuthenticateAsync(HttpContext context, Guid organizationId, DateTimeOffset arrived)
    {
        var token = BearerToken(context.Request);
        var tokenId = token is null ? null : credentials.Authenticate(organizationId, token);
        if (tokenId is not null)
        {
            return tokenId;
        }

        var address = context.Connection.RemoteIpAddress;
        if (limits.FailuresExhausted(address, organizationId))
        {
            await TooManyRequestsAsync(context, organizationId, 60, RefusalKind.FailureBudgetExhausted,
                "Too many failed authentications from this address for this organization; try again in a minute.");
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
            var retired = token is null ? null : credentials.RetiredReason(organizationId, token);
            await refusals.RefuseAsync(context, organizationId, StatusCodes.Status401Unauthorized,
                retired is null ? RefusalKind.UnknownToken : RefusalKind.RetiredToken,
                retired ?? (token is null ? MissingToken : UnknownToken));
        }

        return tokenId;
    }

    private Task TooManyRequestsAsync(HttpContext context, Guid organizationId, int retryAfterSeconds, RefusalKind kind, string detail)
    {
        context.Response.Headers.RetryAfter = retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return refusals.RefuseAsync(context, organizationId, StatusCodes.Status429TooManyRequests, kind, detail);
    }

    private static string? BearerToken(HttpRequest request) =>
        AuthenticationHeaderValue.TryParse(request.Headers.Authorization.ToString(), out var header)
        && header.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase)
        && !string.IsNullOrWhiteSpace(header.Parameter)
            ? header.Parameter.Trim()
            : null;
}
