using Workteam.Contracts.Provisioning;

namespace Workteam.Directory.Activity;

/// <summary>How an activity row names what Entra asked for.</summary>
public static class ActivityOperations
{
    public const string User = "User";
    public const string Group = "Group";

    /// <summary>The change a lifecycle event describes: "Disable user", "Add 3 members".</summary>
    public static string Of(IScimResourceEvent message) => message switch
    {
        UserProvisioned => "Create user",
        UserUpdated => "Update user",
        UserRolesChanged => "Change user's role",
        UserDeactivated => "Disable user",
        UserReactivated => "Enable user",
        UserDeleted => "Delete user",
        GroupCreated => "Create group",
        GroupRenamed => "Rename group",
        GroupMembersAdded added => Count("Add", added.UserIds.Count),
        GroupMembersRemoved removed => Count("Remove", removed.UserIds.Count),
        GroupDeleted => "Delete group",
        _ => message.GetType().Name,
    };

    public static string ResourceTypeOf(IScimResourceEvent message) =>
        message is GroupCreated or GroupRenamed or GroupMembersAdded or GroupMembersRemoved or GroupDeleted ? Group : User;

    /// <summary>The status ScimApi answers the request behind an event with, for an event that came without it.</summary>
    public static int DefaultStatus(IScimResourceEvent message) => message switch
    {
        UserProvisioned or GroupCreated => 201,
        UserDeleted or GroupDeleted or GroupRenamed or GroupMembersAdded or GroupMembersRemoved => 204,
        _ => 200,
    };

    /// <summary>
    /// A request as the gateway or ScimApi saw it, from its method and its path below the organization's Base URL
    /// (<c>PATCH /Users/{id}</c>): "Update user", "Delete group", or the request itself for anything else.
    /// </summary>
    public static ScimRequestTarget OfRequest(string method, string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var resourceType = segments.Length > 0 ? segments[0] switch { "Users" => User, "Groups" => Group, _ => null } : null;
        Guid? scimId = segments.Length > 1 && Guid.TryParse(segments[1], out var id) ? id : null;
        var noun = resourceType?.ToLowerInvariant();
        var verb = method.ToUpperInvariant() switch
        {
            "POST" when segments.Length == 1 => "Create",
            "PUT" when segments.Length == 2 => "Replace",
            "PATCH" when segments.Length == 2 => "Update",
            "DELETE" when segments.Length == 2 => "Delete",
            _ => null,
        };
        var operation = verb is not null && noun is not null ? $"{verb} {noun}" : $"{method.ToUpperInvariant()} {Shorten(path)}";
        return new ScimRequestTarget(operation, resourceType, scimId);
    }

    /// <summary>The method and path of an operation such as "PATCH /Users/{id}".</summary>
    public static ScimRequestTarget OfRequest(string operation)
    {
        var space = operation.IndexOf(' ');
        return space < 0 ? new ScimRequestTarget(operation, null, null) : OfRequest(operation[..space], operation[(space + 1)..]);
    }

    private static string Count(string verb, int count) => $"{verb} {count} {(count == 1 ? "member" : "members")}";

    private static string Shorten(string path)
    {
        var query = path.IndexOf('?');
        var bare = query < 0 ? path : path[..query];
        return bare.Length <= 150 ? bare : bare[..150] + "…";
    }
}

public sealed record ScimRequestTarget(string Operation, string? ResourceType, Guid? ScimId);
