using System.Text.Json.Nodes;
using Workteam.ScimApi.Protocol.Schema;

namespace Workteam.ScimApi.Protocol;

/// <summary>
/// Applies the <c>attributes</c> and <c>excludedAttributes</c> query parameters to a resource (RFC 7644 §3.4.2.5,
/// §3.9). Names are comma-separated, case-insensitive, with or without a schema URN, and may name sub-attributes.
/// Attributes returned "always" (<c>id</c>) are never removed; unknown names are ignored.
/// </summary>
public static class ScimProjection
{
    /// <summary>
    /// <see cref="Apply"/> for a resource made for this response alone, which nothing reads afterwards: without
    /// <c>attributes</c> it is changed in place and answered instead of copied (a page of 100 groups may hold 5,000
    /// members).
    /// </summary>
    public static JsonObject ApplyToOwn(ScimResourceType type, JsonObject resource, string? attributes, string? excludedAttributes)
    {
        if (attributes is not null)
        {
            return Apply(type, resource, attributes, excludedAttributes);
        }

        if (AttributeSelection.Parse(type, excludedAttributes) is { } excluded)
        {
            Exclude(type, resource, excluded);
        }

        return resource;
    }

    /// <summary>The projected resource as a new object; <paramref name="resource"/> is left as it is.</summary>
    public static JsonObject Apply(ScimResourceType type, JsonObject resource, string? attributes, string? excludedAttributes)
    {
        var result = AttributeSelection.Parse(type, attributes) is { } kept
            ? Keep(type, resource, kept)
            : (JsonObject)resource.DeepClone();
        if (AttributeSelection.Parse(type, excludedAttributes) is { } excluded)
        {
            Exclude(type, result, excluded);
        }

        return result;
    }

    /// <summary>
    /// Whether the response will contain the attribute, so a caller can skip loading it
    /// (group members when Entra sends <c>excludedAttributes=members</c>).
    /// </summary>
    public static bool Includes(ScimResourceType type, string attributeName, string? attributes, string? excludedAttributes)
    {
        var resolved = AttributeNameParser.Parse(attributeName) is { } path ? type.Resolve(path) : null;
        if (resolved is null)
        {
            throw new ArgumentException($"'{attributeName}' is not an attribute of {type.Name}.", nameof(attributeName));
        }

        var (schema, attribute, subAttribute) = resolved;
        if (attribute.Returned == Returned.Always)
        {
            return true;
        }

        if (AttributeSelection.Parse(type, attributes) is { } kept
            && !kept.SelectsWhole(schema, attribute)
            && !kept.SelectedSubAttributes(schema, attribute).Any(s => subAttribute is null || ReferenceEquals(s, subAttribute)))
        {
            return false;
        }

        return AttributeSelection.Parse(type, excludedAttributes) is not { } excluded
            || !(excluded.SelectsWhole(schema, attribute)
                 || (subAttribute is not null && excluded.SelectedSubAttributes(schema, attribute).Any(s => ReferenceEquals(s, subAttribute))));
    }

    private static JsonObject Keep(ScimResourceType type, JsonObject resource, AttributeSelection selection)
    {
        var result = new JsonObject();
        foreach (var (key, value) in resource)
        {
            if (string.Equals(key, "schemas", StringComparison.OrdinalIgnoreCase))
            {
                result[key] = value?.DeepClone();
            }
            else if (ExtensionSchema(type, key) is { } extension)
            {
                if (value is JsonObject container && KeepAttributes(extension, container, selection) is { Count: > 0 } keptContainer)
                {
                    result[key] = keptContainer;
                }
            }
            else if (type.Schema.Attribute(key) is { } attribute && value is not null
                     && KeepAttribute(type.Schema, attribute, value, selection) is { } kept)
            {
                result[key] = kept;
            }
        }

        return result;
    }

    private static JsonObject KeepAttributes(ScimSchema schema, JsonObject container, AttributeSelection selection)
    {
        var result = new JsonObject();
        foreach (var (key, value) in container)
        {
            if (schema.Attribute(key) is { } attribute && value is not null && KeepAttribute(schema, attribute, value, selection) is { } kept)
            {
                result[key] = kept;
            }
        }

        return result;
    }

    private static JsonNode? KeepAttribute(ScimSchema schema, ScimAttribute attribute, JsonNode value, AttributeSelection selection)
    {
        if (attribute.Returned == Returned.Always || selection.SelectsWhole(schema, attribute))
        {
            return value.DeepClone();
        }

        var subAttributes = selection.SelectedSubAttributes(schema, attribute);
        return subAttributes.Count == 0
            ? null
            : FilterSubAttributes(value, name => subAttributes.Any(s => s.Name.Equals(name, StringComparison.OrdinalIgnoreCase)));
    }

    private static void Exclude(ScimResourceType type, JsonObject resource, AttributeSelection selection)
    {
        foreach (var (key, value) in resource.ToList())
        {
            if (ExtensionSchema(type, key) is { } extension)
            {
                if (value is JsonObject container)
                {
                    foreach (var (name, _) in container.ToList())
                    {
                        ExcludeAttribute(extension, container, name, selection);
                    }

                    if (container.Count == 0)
                    {
                        resource.Remove(key);
                    }
                }
            }
            else
            {
                ExcludeAttribute(type.Schema, resource, key, selection);
            }
        }
    }

    private static void ExcludeAttribute(ScimSchema schema, JsonObject container, string key, AttributeSelection selection)
    {
        if (schema.Attribute(key) is not { Returned: not Returned.Always } attribute)
        {
            return;
        }

        if (selection.SelectsWhole(schema, attribute))
        {
            container.Remove(key);
            return;
        }

        var subAttributes = selection.SelectedSubAttributes(schema, attribute);
        if (subAttributes.Count == 0 || container[key] is not { } value)
        {
            return;
        }

        var filtered = FilterSubAttributes(value, name => !subAttributes.Any(s => s.Name.Equals(name, StringComparison.OrdinalIgnoreCase)));
        if (filtered is null)
        {
            container.Remove(key);
        }
        else
        {
            container[key] = filtered;
        }
    }

    /// <summary>A copy of a complex value, or of each element of a multi-valued one, with only the sub-attributes kept.</summary>
    private static JsonNode? FilterSubAttributes(JsonNode value, Func<string, bool> keep)
    {
        switch (value)
        {
            case JsonObject obj:
                var result = new JsonObject();
                foreach (var (key, subValue) in obj.Where(p => keep(p.Key)))
                {
                    result[key] = subValue?.DeepClone();
                }

                return result.Count == 0 ? null : result;
            case JsonArray array:
                var elements = array.Select(e => e is null ? null : FilterSubAttributes(e, keep)).OfType<JsonNode>().ToArray();
                return elements.Length == 0 ? null : new JsonArray(elements);
            default:
                return null;
        }
    }

    private static ScimSchema? ExtensionSchema(ScimResourceType type, string key) =>
        type.Extensions.FirstOrDefault(e => string.Equals(e.Id, key, StringComparison.OrdinalIgnoreCase));
}
