namespace Workteam.Contracts.Provisioning;

/// <summary>
/// A change ScimApi made to one SCIM resource. <see cref="Version"/> increases with every change of that
/// resource, so a consumer applies a resource's events in order and ignores one older than what it has applied.
/// </summary>
public interface IScimResourceEvent
{
    Guid OrganizationId { get; }

    Guid ResourceId { get; }

    long Version { get; }

    DateTimeOffset OccurredAt { get; }
}
