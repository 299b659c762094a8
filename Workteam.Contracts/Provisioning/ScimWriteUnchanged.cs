namespace Workteam.Contracts.Provisioning;

/// <summary>
/// A SCIM write ScimApi answered with success that changed nothing (Entra re-sending a value Workteam already had),
/// for the organization's provisioning activity. <paramref name="Operation"/> reads like "PATCH /Users/{id}".
/// </summary>
public sealed record ScimWriteUnchanged(
    Guid MessageId,
    Guid OrganizationId,
    DateTimeOffset OccurredAt,
    string Operation,
    string? Subject,
    int Status);
