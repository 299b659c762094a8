using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Workteam.Directory.Security;

/// <summary>The <c>Directory:SignInLimits</c> settings.</summary>
public sealed class SignInLimitOptions
{
    public const string Section = "Directory:SignInLimits";

    /// <summary>Sign-in attempts (API and page) one client address may make per minute.</summary>
    public int PerAddressPerMinute { get; set; } = 30;

    /// <summary>Sign-in attempts for one email per minute, from anywhere (on each Directory replica).</summary>
    public int PerAccountPerMinute { get; set; } = 10;

    /// <summary>Organizations one client address may create per hour.</summary>
    public int SignUpsPerAddressPerHour { get; set; } = 20;

    /// <summary>Password-reset requests (API and page) one client address may make per hour.</summary>
    public int PasswordResetsPerAddressPerHour { get; set; } = 20;
}

/// <summary>
/// Rate limits on sign-in, sign-up and password-reset requests: per client address as named policies of ASP.NET Core's rate limiter (the
/// address is the gateway's <c>X-Forwarded-For</c>, believed from known proxies only), and per account here, since
/// the email is only known once the request is read. Both are in memory, per Directory replica; the lockout after
/// repeated wrong passwords is in the database and holds across replicas.
/// </summary>
public sealed class SignInLimits(IOptions<SignInLimitOptions> options) : IDisposable
{
    public const string SignInPolicy = "sign-in";
    public const string SignUpPolicy = "sign-up";
    public const string PasswordResetPolicy = "password-reset";

    private readonly PartitionedRateLimiter<string> _perAccount = PartitionedRateLimiter.Create<string, string>(email =>
        RateLimitPartition.GetFixedWindowLimiter(email, _ => Window(options.Value.PerAccountPerMinute, TimeSpan.FromMinutes(1))));

    public bool TryAcquireForAccount(string normalizedEmail)
    {
        using var lease = _perAccount.AttemptAcquire(normalizedEmail);
        return lease.IsAcquired;
    }

    public static void AddPolicies(RateLimiterOptions limiter, SignInLimitOptions settings)
    {
        limiter.AddPolicy(SignInPolicy, context => PerAddress(context, settings.PerAddressPerMinute, TimeSpan.FromMinutes(1)));
        limiter.AddPolicy(SignUpPolicy, context => PerAddress(context, settings.SignUpsPerAddressPerHour, TimeSpan.FromHours(1)));
        limiter.AddPolicy(PasswordResetPolicy, context => PerAddress(context, settings.PasswordResetsPerAddressPerHour, TimeSpan.FromHours(1)));
        limiter.OnRejected = async (rejected, cancellationToken) =>
        {
            var response = rejected.HttpContext.Response;
            response.StatusCode = StatusCodes.Status429TooManyRequests;
            if (rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
            {
                response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            }

            const string detail = "Too many attempts from this address; try again later.";
            if (rejected.HttpContext.Request.Path.StartsWithSegments("/api"))
            {
                await TypedResults.Problem(detail, statusCode: StatusCodes.Status429TooManyRequests).ExecuteAsync(rejected.HttpContext);
            }
            else
            {
                await response.WriteAsync(detail, cancellationToken);
            }
        };
    }

    public void Dispose() => _perAccount.Dispose();

    /// <summary>Only posts count: showing the sign-in, sign-up or password-reset page is free.</summary>
    private static RateLimitPartition<string> PerAddress(HttpContext context, int permits, TimeSpan window) =>
        HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)
            ? RateLimitPartition.GetNoLimiter("reads")
            : RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => Window(permits, window));

    private static FixedWindowRateLimiterOptions Window(int permits, TimeSpan window) => new()
    {
        PermitLimit = Math.Max(1, permits),
        Window = window,
        QueueLimit = 0,
    };
}
