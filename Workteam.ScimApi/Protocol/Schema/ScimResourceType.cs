namespace Workteam.ScimApi.Protocol.Schema;

/// <summary>An RFC 7643 §6 resource type: User (with the enterprise extension) or Group.</summary>
public sealed record ScimResourceType(
    string Id,
    string Name,
    string Endpoint,
    string Description,
    ScimSchema Schema,
    IReadOnlyList<ScimSchema> Extensions)
{
    public IEnumerable<ScimSchema> AllSchemas => [Schema, .. Extensions];

    public ScimSchema? FindSchema(string urn) =>
        AllSchemas.FirstOrDefault(s => string.Equals(s.Id, urn, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Resolves a path case-insensitively. A name without a schema URN is looked up in the core schema first,
    /// then in the extensions (Entra's legacy requests say <c>manager</c> for the enterprise attribute).
    /// Returns null when nothing by that name exists, or a sub-attribute is named on a simple attribute.
    /// </summary>
    public ResolvedAttribute? Resolve(AttributePath path)
    {
        IEnumerable<ScimSchema> candidates = path.SchemaUrn is null
            ? AllSchemas
            : FindSchema(path.SchemaUrn) is { } named ? [named] : [];

        foreach (var schema in candidates)
        {
            if (schema.Attribute(path.Name) is not { } attribute)
            {
                continue;
            }

            if (path.SubAttribute is null)
            {
                return new ResolvedAttribute(schema, attribute, null);
            }

            return attribute.SubAttribute(path.SubAttribute) is { } sub ? new ResolvedAttribute(schema, attribute, sub) : null;
        }

        return null;
    }
}
