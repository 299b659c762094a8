namespace Workteam.Contracts.Provisioning;

public sealed record GroupCreated(
    Guid OrganizationId, Guid ResourceId, long Version, DateTimeOffset OccurredAt, string DisplayName, string? ExternalId)
    : IScimResourceEvent;

public sealed record GroupRenamed(
    Guid OrganizationId, Guid ResourceId, long Version, DateTimeOffset OccurredAt, string DisplayName)
    : IScimResourceEvent;

/// <summary>Only the users actually added: ones already in the group are not repeated.</summary>
public sealed record GroupMembersAdded(
    Guid OrganizationId, Guid ResourceId, long Version, DateTimeOffset OccurredAt, IReadOnlyList<Guid> UserIds)
    : IScimResourceEvent;

/// <summary>Only the users actually removed.</summary>
public sealed record GroupMembersRemoved(
    Guid OrganizationId, Guid ResourceId, long Version, DateTimeOffset OccurredAt, IReadOnlyList<Guid> UserIds)
    : IScimResourceEvent;

public sealed record GroupDeleted(Guid OrganizationId, Guid ResourceId, long Version, DateTimeOffset OccurredAt)
    : IScimResourceEvent;
