namespace Workteam.ScimApi.Protocol.Schema;

/// <summary>
/// RFC 7643 §3.1 attributes every resource has. They are listed in each core schema so that paths such as
/// <c>meta.lastModified</c> resolve like any other attribute.
/// </summary>
internal static class CommonAttributes
{
    public static ScimAttribute Id { get; } = new(
        "id", AttributeType.String, "Unique identifier of the resource, issued by Workteam.",
        CaseExact: true, Mutability: Mutability.ReadOnly, Returned: Returned.Always, Uniqueness: Uniqueness.Server);

    public static ScimAttribute ExternalId { get; } = new(
        "externalId", AttributeType.String, "Identifier of the resource in the provisioning client.",
        CaseExact: true);

    public static ScimAttribute Meta { get; } = new(
        "meta", AttributeType.Complex, "Resource metadata maintained by Workteam.",
        Mutability: Mutability.ReadOnly,
        SubAttributes:
        [
            ReadOnly("resourceType", AttributeType.String, "Name of the resource type of the resource.", caseExact: true),
            ReadOnly("created", AttributeType.DateTime, "When the resource was added to Workteam."),
            ReadOnly("lastModified", AttributeType.DateTime, "When the resource was last changed."),
            ReadOnly("location", AttributeType.Reference, "URI of the resource.", caseExact: true, referenceTypes: ["uri"]),
            ReadOnly("version", AttributeType.String, "Version (weak ETag) of the resource.", caseExact: true),
        ]);

    private static ScimAttribute ReadOnly(
        string name, AttributeType type, string description, bool caseExact = false, IReadOnlyList<string>? referenceTypes = null) =>
        new(name, type, description, CaseExact: caseExact, Mutability: Mutability.ReadOnly, ReferenceTypes: referenceTypes);
}
