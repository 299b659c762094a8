namespace Workteam.ScimApi.Protocol.Schema;

public enum AttributeType { String, Boolean, Decimal, Integer, DateTime, Binary, Reference, Complex }

public enum Mutability { ReadOnly, ReadWrite, Immutable, WriteOnly }

public enum Returned { Always, Never, Default, Request }

public enum Uniqueness { None, Server, Global }

/// <summary>An RFC 7643 §7 attribute definition, as Workteam implements it (discovery documents are made from these).</summary>
public sealed record ScimAttribute(
    string Name,
    AttributeType Type,
    string Description,
    bool MultiValued = false,
    bool Required = false,
    bool CaseExact = false,
    Mutability Mutability = Mutability.ReadWrite,
    Returned Returned = Returned.Default,
    Uniqueness Uniqueness = Uniqueness.None,
    IReadOnlyList<ScimAttribute>? SubAttributes = null,
    IReadOnlyList<string>? CanonicalValues = null,
    IReadOnlyList<string>? ReferenceTypes = null)
{
    public IReadOnlyList<ScimAttribute> SubAttributesOrEmpty => SubAttributes ?? [];

    /// <summary>The sub-attribute with this name, compared case-insensitively.</summary>
    public ScimAttribute? SubAttribute(string name) =>
        SubAttributesOrEmpty.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>An RFC 7643 §7 schema: core User, enterprise User extension or core Group.</summary>
public sealed record ScimSchema(string Id, string Name, string Description, IReadOnlyList<ScimAttribute> Attributes)
{
    public ScimAttribute? Attribute(string name) =>
        Attributes.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>
/// What an <see cref="AttributePath"/> names: the attribute (and sub-attribute) with its canonical spelling,
/// and the schema it belongs to (extension attributes live under their schema URN in a resource).
/// </summary>
public sealed record ResolvedAttribute(ScimSchema Schema, ScimAttribute Attribute, ScimAttribute? SubAttribute)
{
    public bool IsExtension(ScimResourceType resourceType) => Schema.Id != resourceType.Schema.Id;

    /// <summary>The definition of the innermost attribute named: the sub-attribute if there is one.</summary>
    public ScimAttribute Target => SubAttribute ?? Attribute;
}
