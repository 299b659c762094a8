using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Workteam.Gateway.Scim;

/// <summary>
/// The gateway's per-tenant limits on SCIM traffic: each organization's request rate and requests in flight, and
/// the failed authentications one client address may make against one organization. Keeping the failure budget
/// per (address, organization) matters because Entra provisions every customer from the same Microsoft addresses,
/// and behind a proxy all clients share the proxy's address: one organization's revoked token must not use up
/// another's budget.
/// </summary>
public sealed class ScimClientLimits : IDisposable
{
    /// <summary>
    /// How many failed authentications one address may make across all organizations before an unknown token no
    /// longer triggers a fresh look-up in Directory (the request is then judged on the cached credentials alone).
    /// </summary>
    public const int AddressFailureFactor = 10;

    private readonly PartitionedRateLimiter<Guid> _rate;
    private readonly PartitionedRateLimiter<Guid> _inFlight;
    private readonly PartitionedRateLimiter<(IPAddress, Guid)> _failures;
    private readonly PartitionedRateLimiter<IPAddress> _addressFailures;

    public ScimClientLimits(IOptions<ScimGatewayOptions> options)
    {
        var settings = options.Value;
        _rate = PartitionedRateLimiter.Create<Guid, Guid>(organization =>
            RateLimitPartition.GetTokenBucketLimiter(organization, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = settings.Burst,
                TokensPerPeriod = Math.Max(1, settings.RequestsPerSecond / 10),
                ReplenishmentPeriod = TimeSpan.FromMilliseconds(100),
                QueueLimit = 0,
            }));
        _inFlight = PartitionedRateLimiter.Create<Guid, Guid>(organization =>
            RateLimitPartition.GetConcurrencyLimiter(organization, _ => new ConcurrencyLimiterOptions
            {
                PermitLimit = settings.ConcurrentRequestsPerOrganization,
                QueueLimit = 0,
            }));
        _failures = PartitionedRateLimiter.Create<(IPAddress, Guid), (IPAddress, Guid)>(client =>
            RateLimitPartition.GetFixedWindowLimiter(client, _ => FailureWindow(settings.FailedAuthenticationsPerMinute)));
        _addressFailures = PartitionedRateLimiter.Create<IPAddress, IPAddress>(address =>
            RateLimitPartition.GetFixedWindowLimiter(address, _ => FailureWindow(settings.FailedAuthenticationsPerMinute * AddressFailureFactor)));
    }

    /// <summary>Whether the address has used up its failed authentications against the organization this minute.</summary>
    public bool FailuresExhausted(IPAddress? address, Guid organizationId) =>
        _failures.GetStatistics((address ?? IPAddress.None, organizationId))?.CurrentAvailablePermits == 0;

    /// <summary>Whether an unknown token from the address may still make the gateway ask Directory again.</summary>
    public bool MayRefreshFor(IPAddress? address) => _addressFailures.GetStatistics(address ?? IPAddress.None)?.CurrentAvailablePermits != 0;

    public void CountFailure(IPAddress? address, Guid organizationId)
    {
        _failures.AttemptAcquire((address ?? IPAddress.None, organizationId)).Dispose();
        _addressFailures.AttemptAcquire(address ?? IPAddress.None).Dispose();
    }

    /// <summary>A permit of the organization's request rate; not acquired when it sends faster than its limit.</summary>
    public RateLimitLease AcquireRate(Guid organizationId) => _rate.AttemptAcquire(organizationId);

    /// <summary>A place among the organization's requests in flight, held until the response is complete.</summary>
    public RateLimitLease AcquireInFlight(Guid organizationId) => _inFlight.AttemptAcquire(organizationId);

    public void Dispose()
    {
        _rate.Dispose();
        _inFlight.Dispose();
        _failures.Dispose();
        _addressFailures.Dispose();
    }

    private static FixedWindowRateLimiterOptions FailureWindow(int permits) => new()
    {
        PermitLimit = Math.Max(1, permits),
        Window = TimeSpan.FromMinutes(1),
        QueueLimit = 0,
    };
}
