namespace Workteam.Directory.Activity;

/// <summary>How the activity log and the audit log name a user after a SCIM delete erased them (decision 0018).</summary>
public static class ErasedNames
{
    public const string Placeholder = "[erased]";

    public static string DeletedUser(Guid scimUserId) => $"deleted user {scimUserId}";
}
