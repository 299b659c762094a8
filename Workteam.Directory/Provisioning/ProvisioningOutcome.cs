using Workteam.Contracts;
using Workteam.Contracts.Provisioning;

namespace Workteam.Directory.Provisioning;

/// <summary>What applying one SCIM event did: the failures to report and the account whose invitation may be due.</summary>
public sealed class ProvisioningOutcome
{
    public List<ProvisioningFailed> Failures { get; } = [];

    /// <summary>Emails to send with the failures (their ids are derived from the message id too).</summary>
    public List<SendEmail> Emails { get; } = [];

    public Guid? AccountId { get; set; }
}

/// <summary>
/// Builds the <see cref="ProvisioningFailed"/> reports of one consumed message. Each report's id is derived from
/// the message id and the kind of failure, so a report published again for a re-delivered message is the same report.
/// </summary>
public sealed class FailureReports(Guid messageId, string eventName, IScimResourceEvent message, DateTimeOffset now)
{
    /// <summary>An id for another message published while handling this one.</summary>
    public Guid Derive(string purpose) => DeterministicGuid.From(messageId, purpose);

    public ProvisioningFailed User(string kind, string? subject, int status, string reason) =>
        Create(kind, $"{eventName} /Users/{message.ResourceId}", subject, status, reason);

    public ProvisioningFailed Group(string kind, string? subject, int status, string reason) =>
        Create(kind, $"{eventName} /Groups/{message.ResourceId}", subject, status, reason);

    private ProvisioningFailed Create(string kind, string operation, string? subject, int status, string reason) =>
        new(DeterministicGuid.From(messageId, "failed:" + kind), message.OrganizationId, now, operation, subject, status, reason);
}
