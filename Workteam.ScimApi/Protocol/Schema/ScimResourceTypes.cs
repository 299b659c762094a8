namespace Workteam.ScimApi.Protocol.Schema;

/// <summary>The resource types Workteam serves (RFC 7643 §6).</summary>
public static class ScimResourceTypes
{
    public static ScimResourceType User { get; } =
        new("User", "User", "/Users", "User Account", ScimSchemas.User, [ScimSchemas.EnterpriseUser]);

    public static ScimResourceType Group { get; } =
        new("Group", "Group", "/Groups", "Group", ScimSchemas.Group, []);

    public static IReadOnlyList<ScimResourceType> All { get; } = [User, Group];

    /// <summary>The resource type with this id, compared case-insensitively; null when there is none.</summary>
    public static ScimResourceType? Find(string id) =>
        All.FirstOrDefault(t => string.Equals(t.Id, id, StringComparison.OrdinalIgnoreCase));
}
