namespace Workteam.Contracts;

/// <summary>
/// Directory's answer to <c>GET /internal/organizations/{id}/notification</c>: the organization's name and where its
/// provisioning failure notifications go (null while the admin has not set an address).
/// </summary>
public sealed record OrganizationNotificationTarget(string Name, string? NotificationEmail);
