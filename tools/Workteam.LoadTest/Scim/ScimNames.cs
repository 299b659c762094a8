namespace Workteam.LoadTest.Scim;

internal static class ScimNames
{
    public const string UserSchema = "urn:ietf:params:scim:schemas:core:2.0:User";
    public const string GroupSchema = "urn:ietf:params:scim:schemas:core:2.0:Group";
    public const string EnterpriseUser = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    public const string PatchOp = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    /// <summary>The extra schema Entra puts in a group creation.</summary>
    public const string EntraGroupSchema = "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group";

    public const string ManagerPath = EnterpriseUser + ":manager";

    /// <summary>The header the gateway adds once it has authenticated a request for the organization.</summary>
    public const string OrganizationHeader = "X-Workteam-Organization-Id";

    /// <summary>The feature flag typed into the Tenant URL, which Entra passes on with every request.</summary>
    public const string FeatureFlag = "aadOptscim062020";
}
