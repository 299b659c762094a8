using Workteam.Contracts;
using Workteam.Contracts.Provisioning;
using Workteam.Directory.Data;

namespace Workteam.Directory.Provisioning;

/// <summary>
/// What applying one SCIM event did: the failures to report, the account whose invitation may be due, and what its
/// provisioning activity row says.
/// </summary>
public sealed class ProvisioningOutcome
{
    private ActivityOutcome? _decided;
    private string? _decidedDetail;

    public List<ProvisioningFailed> Failures { get; } = [];

    /// <summary>The name the activity row shows when the event does not carry it (a group's members changed).</summary>
    public string? Subject { get; set; }

    public string? ExternalId { get; set; }

    /// <summary>The activity row the consumer built from this outcome, written before the transaction commits.</summary>
    public ProvisioningActivity? ActivityRow { get; set; }

    /// <summary>Nothing was applied: the event is older than what was, or its resource was deleted.</summary>
    public void Skip(string reason) => (_decided, _decidedDetail) = (ActivityOutcome.Skipped, reason);

    public void Hold(string reason) => (_decided, _decidedDetail) = (ActivityOutcome.Held, reason);

    /// <summary>Applied, unless it was skipped or held, or a failure was reported while applying it.</summary>
    public (ActivityOutcome Outcome, string? Detail) Activity() =>
        _decided is { } decided ? (decided, _decidedDetail)
        : Failures.Count > 0 ? (ActivityOutcome.Failed, string.Join(" ", Failures.Select(f => f.Reason)))
        : (ActivityOutcome.Applied, null);

    /// <summary>Emails to send with the failures (their ids are derived from the message id too).</summary>
    public List<SendEmail> Emails { get; } = [];

    public Guid? AccountId { get; set; }

    /// <summary>The member lost access: deactivated or deleted, its sessions revoked.</summary>
    public bool RevokedAccess { get; set; }
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
