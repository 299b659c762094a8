namespace Workteam.Gateway.Refusals;

/// <summary>Why the gateway refused a SCIM request; the flood bound counts each kind of an organization apart.</summary>
public enum RefusalKind
{
    /// <summary>No token, or one that is neither a working nor a retired token of the organization.</summary>
    UnknownToken,

    /// <summary>A token that was revoked, whose issuer is no longer an active admin, or while provisioning is off.</summary>
    RetiredToken,

    FailureBudgetExhausted,
    RateLimited,
    TooManyInFlight,
    BodyTooLarge,
    UrlTooLong,
    StaleCredentials,
    TimedOut,
    Unreachable,
}
