using Workteam.ScimApi.Protocol.Schema;

namespace Workteam.ScimApi.Protocol;

/// <summary>
/// The attributes named by an <c>attributes</c> or <c>excludedAttributes</c> list (RFC 7644 §3.9): whole
/// attributes, sub-attributes, or a whole extension schema by its URN. Unknown names are ignored.
/// </summary>
internal sealed class AttributeSelection
{
    private readonly List<ResolvedAttribute> named = [];
    private readonly List<ScimSchema> wholeSchemas = [];

    /// <summary>Null when the list is absent or blank.</summary>
    public static AttributeSelection? Parse(ScimResourceType type, string? list)
    {
        if (string.IsNullOrWhiteSpace(list))
        {
            return null;
        }

        var selection = new AttributeSelection();
        foreach (var name in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (type.FindSchema(name) is { } schema)
            {
                selection.wholeSchemas.Add(schema);
            }
            else if (AttributeNameParser.Parse(name) is { } path && type.Resolve(path) is { } resolved)
            {
                selection.named.Add(resolved);
            }
        }

        return selection;
    }

    public bool SelectsWhole(ScimSchema schema, ScimAttribute attribute) =>
        wholeSchemas.Any(s => s.Id == schema.Id)
        || named.Any(n => n.SubAttribute is null && Same(n, schema, attribute));

    /// <summary>Sub-attributes of the attribute named on their own, like <c>name.givenName</c>.</summary>
    public IReadOnlyList<ScimAttribute> SelectedSubAttributes(ScimSchema schema, ScimAttribute attribute) =>
        [.. named.Where(n => n.SubAttribute is not null && Same(n, schema, attribute)).Select(n => n.SubAttribute!)];

    private static bool Same(ResolvedAttribute resolved, ScimSchema schema, ScimAttribute attribute) =>
        resolved.Schema.Id == schema.Id && ReferenceEquals(resolved.Attribute, attribute);
}
