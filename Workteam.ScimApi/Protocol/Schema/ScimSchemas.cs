namespace Workteam.ScimApi.Protocol.Schema;

/// <summary>The schemas Workteam implements (RFC 7643 §4, §8.7.1).</summary>
public static class ScimSchemas
{
    public const string UserUrn = "urn:ietf:params:scim:schemas:core:2.0:User";
    public const string EnterpriseUserUrn = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    public const string GroupUrn = "urn:ietf:params:scim:schemas:core:2.0:Group";

    public static ScimSchema User { get; } = UserSchemaDefinition.Create();

    public static ScimSchema EnterpriseUser { get; } = EnterpriseUserSchemaDefinition.Create();

    public static ScimSchema Group { get; } = GroupSchemaDefinition.Create();
}
