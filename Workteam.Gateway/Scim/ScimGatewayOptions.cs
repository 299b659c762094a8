namespace Workteam.Gateway.Scim;

/// <summary>The <c>Gateway:Scim</c> settings.</summary>
public sealed class ScimGatewayOptions
{
    public const string SectionName = "Gateway:Scim";

    /// <summary>How often credentials are re-read from Directory; revocations take effect within this time.</summary>
    public TimeSpan CredentialRefreshInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Sustained SCIM requests per second per organization.</summary>
    public int RequestsPerSecond { get; set; } = 500;

    /// <summary>Requests an organization may send at once above the sustained rate.</summary>
    public int Burst { get; set; } = 1000;

    /// <summary>SCIM requests of one organization in progress at once; more get 429.</summary>
    public int ConcurrentRequestsPerOrganization { get; set; } = 64;

    /// <summary>
    /// Failed authentications one client address may make against one organization per minute before it gets 429
    /// for that organization (requests with a valid token are never refused by this budget).
    /// </summary>
    public int FailedAuthenticationsPerMinute { get; set; } = 60;

    /// <summary>
    /// After this long without a successful refresh the gateway stops trusting the credentials it holds and answers
    /// SCIM requests 503: a token revoked meanwhile must not keep working for as long as Directory is unreachable.
    /// </summary>
    public TimeSpan CredentialStalenessLimit { get; set; } = TimeSpan.FromMinutes(5);

    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// The longest path and query forwarded to ScimApi, whose server takes request lines of up to 8 KB; longer
    /// ones get a SCIM 414 here. The gateway's own server reads request lines up to
    /// <see cref="GatewayServiceExtensions.MaxRequestLineBytes"/>, so this check sees them.
    /// </summary>
    public int MaxRequestTargetLength { get; set; } = 8000;

    /// <summary>
    /// The folder where each gateway process journals the SCIM refusals it has not shipped to Directory yet, so that
    /// they survive a crash; by default a folder in the temporary directory named after the gateway's content root.
    /// Several gateway processes may share it.
    /// </summary>
    public string? RefusalJournalPath { get; set; }

    /// <summary>How often journaled refusals are shipped to Directory.</summary>
    public TimeSpan RefusalShipInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the journals of ended gateway processes are looked for (and at start).</summary>
    public TimeSpan RefusalClaimInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Refusals recorded one by one per organization and reason in each minute; the rest of that minute become one
    /// summary row.
    /// </summary>
    public int RefusalsRecordedPerMinute { get; set; } = 10;
}
