namespace Workteam.ScimApi.Protocol.Schema;

/// <summary>The core Group schema (RFC 7643 §4.2).</summary>
internal static class GroupSchemaDefinition
{
    public static ScimSchema Create() => new(ScimSchemas.GroupUrn, "Group", "Group",
    [
        CommonAttributes.Id,
        CommonAttributes.ExternalId,
        CommonAttributes.Meta,
        // Not unique in the RFC; Workteam requires unique group names within an organization, as Entra expects.
        new("displayName", AttributeType.String, "The name of the group, unique within the organization.",
            Required: true, Uniqueness: Uniqueness.Server),
        new("members", AttributeType.Complex, "The members of the group: users or other groups.",
            MultiValued: true,
            SubAttributes:
            [
                new("value", AttributeType.String, "The id of the member's User or Group resource.", Mutability: Mutability.Immutable),
                new("$ref", AttributeType.Reference, "The URI of the member's resource.",
                    Mutability: Mutability.Immutable, ReferenceTypes: ["User", "Group"]),
                new("type", AttributeType.String, "The kind of member.",
                    Mutability: Mutability.Immutable, CanonicalValues: ["User", "Group"]),
                new("display", AttributeType.String, "The member's display name.", Mutability: Mutability.ReadOnly),
            ]),
    ]);
}
