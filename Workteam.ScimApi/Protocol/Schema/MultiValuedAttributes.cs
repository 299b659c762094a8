namespace Workteam.ScimApi.Protocol.Schema;

/// <summary>Builds RFC 7643 §2.4 multi-valued complex attributes with their usual value/display/type/primary entries.</summary>
internal static class MultiValuedAttributes
{
    public static ScimAttribute Create(
        string name,
        string description,
        IReadOnlyList<string>? canonicalTypes = null,
        ScimAttribute? value = null) =>
        new(name, AttributeType.Complex, description, MultiValued: true,
            SubAttributes:
            [
                value ?? new ScimAttribute("value", AttributeType.String, $"The value of the {name} entry."),
                new("display", AttributeType.String, "A human-readable name, for display only."),
                new("type", AttributeType.String, "A label indicating the entry's function.", CanonicalValues: canonicalTypes),
                Primary,
            ]);

    public static ScimAttribute Primary { get; } = new(
        "primary", AttributeType.Boolean, "Whether this is the preferred entry; at most one entry is primary.");
}
