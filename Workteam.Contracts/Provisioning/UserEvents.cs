namespace Workteam.Contracts.Provisioning;

/// <summary>
/// A user as ScimApi holds it at one version. Every user event but deletion carries it, so a consumer that meets
/// the events of a user out of order can apply the newest state and ignore older ones without losing anything.
/// <paramref name="OtherAttributes"/> holds the rest of what Entra sent that people read (employee number, phone
/// numbers, …), named as the console shows them.
/// </summary>
public sealed record ScimUserProfile(
    string UserName,
    string? ExternalId,
    bool Active,
    string? DisplayName,
    string? GivenName,
    string? FamilyName,
    IReadOnlyList<ScimUserEmail> Emails,
    string? Title,
    string? Department,
    Guid? ManagerId,
    IReadOnlyList<string> Roles,
    IReadOnlyDictionary<string, string>? OtherAttributes = null);

public sealed record ScimUserEmail(string Value, string? Type, bool Primary);

/// <summary>A user event that carries the user's state after the change.</summary>
public interface IScimUserStateEvent : IScimResourceEvent
{
    ScimUserProfile Profile { get; }
}

public sealed record UserProvisioned(
    Guid OrganizationId, Guid ResourceId, long Version, DateTimeOffset OccurredAt, ScimUserProfile Profile)
    : IScimUserStateEvent;

public sealed record UserUpdated(
    Guid OrganizationId, Guid ResourceId, long Version, DateTimeOffset OccurredAt, ScimUserProfile Profile)
    : IScimUserStateEvent;

public sealed record UserDeactivated(
    Guid OrganizationId, Guid ResourceId, long Version, DateTimeOffset OccurredAt, ScimUserProfile Profile)
    : IScimUserStateEvent;

public sealed record UserReactivated(
    Guid OrganizationId, Guid ResourceId, long Version, DateTimeOffset OccurredAt, ScimUserProfile Profile)
    : IScimUserStateEvent;

public sealed record UserRolesChanged(
    Guid OrganizationId, Guid ResourceId, long Version, DateTimeOffset OccurredAt, ScimUserProfile Profile)
    : IScimUserStateEvent;

public sealed record UserDeleted(Guid OrganizationId, Guid ResourceId, long Version, DateTimeOffset OccurredAt)
    : IScimResourceEvent;
