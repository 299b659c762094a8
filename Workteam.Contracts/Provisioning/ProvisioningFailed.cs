namespace Workteam.Contracts.Provisioning;

/// <summary>
/// A provisioning request or event Workteam could not apply, for the organization's failure notifications.
/// <paramref name="Operation"/> reads like "PATCH /Users/{id}"; <paramref name="Subject"/> names the user or group.
/// </summary>
public sealed record ProvisioningFailed(
    Guid MessageId,
    Guid OrganizationId,
    DateTimeOffset OccurredAt,
    string Operation,
    string? Subject,
    int Status,
    string Reason);
