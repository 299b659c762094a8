namespace Workteam.Contracts.Provisioning;

/// <summary>What Directory needs to know about a provisioned user, taken from the SCIM resource.</summary>
public sealed record ScimUserProfile(
    string UserName,
    string? ExternalId,
    string? DisplayName,
    string? GivenName,
    string? FamilyName,
    IReadOnlyList<ScimUserEmail> Emails,
    string? Title,
    string? Department,
    Guid? ManagerId,
    IReadOnlyList<string> Roles);

public sealed record ScimUserEmail(string Value, string? Type, bool Primary);

public sealed record UserProvisioned(
    Guid OrganizationId, Guid ResourceId, long Version, DateTimeOffset OccurredAt, ScimUserProfile Profile, bool Active)
    : IScimResourceEvent;

public sealed record UserUpdated(
    Guid OrganizationId, Guid ResourceId, long Version, DateTimeOffset OccurredAt, ScimUserProfile Profile)
    : IScimResourceEvent;

public sealed record UserDeactivated(Guid OrganizationId, Guid ResourceId, long Version, DateTimeOffset OccurredAt)
    : IScimResourceEvent;

public sealed record UserReactivated(Guid OrganizationId, Guid ResourceId, long Version, DateTimeOffset OccurredAt)
    : IScimResourceEvent;

public sealed record UserRolesChanged(
    Guid OrganizationId, Guid ResourceId, long Version, DateTimeOffset OccurredAt, IReadOnlyList<string> Roles)
    : IScimResourceEvent;

public sealed record UserDeleted(Guid OrganizationId, Guid ResourceId, long Version, DateTimeOffset OccurredAt)
    : IScimResourceEvent;
