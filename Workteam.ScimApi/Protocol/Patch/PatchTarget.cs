using System.Text.Json.Nodes;
using Workteam.ScimApi.Protocol.Filters;
using Workteam.ScimApi.Protocol.Schema;

namespace Workteam.ScimApi.Protocol.Patch;

/// <summary>
/// What one PATCH operation works on, resolved against the schema: an attribute, optionally a value filter
/// on it (multi-valued only), and optionally a sub-attribute (<c>name.givenName</c>, <c>emails[…].value</c>).
/// </summary>
internal sealed record PatchTarget(ScimResourceType Type, ResolvedAttribute Resolved, FilterNode? Filter, ScimAttribute? Sub)
{
    public ScimAttribute Attribute => Resolved.Attribute;

    /// <summary>The definition of what is written: the sub-attribute if there is one.</summary>
    public ScimAttribute Written => Sub ?? Attribute;

    /// <summary>The resolved form ScimResourceReader.ReadValue takes for the written attribute.</summary>
    public ResolvedAttribute WrittenResolved => new(Resolved.Schema, Attribute, Sub);

    public ResolvedAttribute AttributeResolved => new(Resolved.Schema, Attribute, null);

    public string Display =>
        (Resolved.IsExtension(Type) ? Resolved.Schema.Id + ":" : "") + Attribute.Name
        + (Filter is null ? "" : $"[{Filter}]") + (Sub is null ? "" : "." + Sub.Name);

    /// <summary>The object holding the attribute: the resource, or the extension's object under its schema URN.</summary>
    public JsonObject? Container(JsonObject resource, bool create)
    {
        if (!Resolved.IsExtension(Type))
        {
            return resource;
        }

        var urn = Resolved.Schema.Id;
        if (resource[urn] is JsonObject existing)
        {
            return existing;
        }

        if (!create)
        {
            return null;
        }

        var container = new JsonObject();
        resource[urn] = container;
        return container;
    }

    public JsonNode? Current(JsonObject resource) => Container(resource, create: false)?[Attribute.Name];

    public JsonNode? ReadValue(JsonNode? value) => ScimResourceReader.ReadValue(Type, WrittenResolved, value?.DeepClone());

    public JsonArray? ReadElements(JsonNode? value) =>
        ScimResourceReader.ReadValue(Type, AttributeResolved, value?.DeepClone()) as JsonArray;

    public bool IsCaseExact(string subAttribute) => Attribute.SubAttribute(subAttribute)?.CaseExact ?? false;
}
