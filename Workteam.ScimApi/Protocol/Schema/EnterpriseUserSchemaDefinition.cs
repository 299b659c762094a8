namespace Workteam.ScimApi.Protocol.Schema;

/// <summary>The enterprise User extension (RFC 7643 §4.3).</summary>
internal static class EnterpriseUserSchemaDefinition
{
    public static ScimSchema Create() => new(ScimSchemas.EnterpriseUserUrn, "EnterpriseUser", "Enterprise User",
    [
        Text("employeeNumber", "Identifier of the user within the organization, e.g. an employee id."),
        Text("costCenter", "Name of the user's cost center."),
        Text("organization", "Name of the user's organization."),
        Text("division", "Name of the user's division."),
        Text("department", "Name of the user's department."),
        new("manager", AttributeType.Complex, "The user's manager.",
            SubAttributes:
            [
                new("value", AttributeType.String, "The id of the manager's User resource."),
                new("$ref", AttributeType.Reference, "The URI of the manager's User resource.", ReferenceTypes: ["User"]),
                new("displayName", AttributeType.String, "The manager's display name.", Mutability: Mutability.ReadOnly),
            ]),
    ]);

    private static ScimAttribute Text(string name, string description) => new(name, AttributeType.String, description);
}
