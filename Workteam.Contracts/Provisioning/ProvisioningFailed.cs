namespace Workteam.Contracts.Provisioning;

/// <summary>
/// A provisioning request or event Workteam could not apply, for the organization's failure notifications.
/// <paramref name="Operation"/> reads like "PATCH /Users/{id}"; <paramref name="Subject"/> names the user or group.
/// <paramref name="FromScimRequest"/> marks the failures of SCIM requests themselves (ScimApi's), as opposed to
/// those Directory met applying an event.
/// </summary>
public sealed record ProvisioningFailed(
    Guid MessageId,
    Guid OrganizationId,
    DateTimeOffset OccurredAt,
    string Operation,
    string? Subject,
    int Status,
    string Reason,
    bool FromScimRequest = false);
