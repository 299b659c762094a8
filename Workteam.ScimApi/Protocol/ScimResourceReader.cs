using System.Text.Json.Nodes;
using Workteam.ScimApi.Protocol.Schema;

namespace Workteam.ScimApi.Protocol;

/// <summary>
/// Turns what a SCIM client sends into Workteam's canonical stored form: attribute names spelled as in the schema,
/// core attributes at the top level, extension attributes in an object under their schema URN, no unassigned
/// (null, empty) values, and values of the schema's JSON types. Unknown and readOnly attributes are ignored, as
/// Entra sends both; values that cannot be read raise a <see cref="ScimProtocolException"/> (400 invalidValue).
/// </summary>
public static class ScimResourceReader
{
    /// <summary>Reads a POST or PUT body. The result never holds <c>id</c>, <c>meta</c>, <c>schemas</c> or <c>groups</c>.</summary>
    public static JsonObject ReadResource(ScimResourceType type, JsonObject body)
    {
        var resource = new JsonObject();
        foreach (var (key, value) in body)
        {
            if (string.Equals(key, "schemas", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (type.FindSchema(key) is { } schema)
            {
                ReadExtensionContainer(type, schema, key, value, resource);
            }
            else if (AttributeNameParser.Parse(key) is { SubAttribute: null } path && type.Resolve(path) is { } resolved)
            {
                Store(type, resolved, value, resource);
            }
        }

        RemoveEmptyExtensionContainers(type, resource);
        RequireRequiredAttributes(type, resource);
        return resource;
    }

    /// <summary>
    /// Reads the value of one attribute or sub-attribute, as a PATCH operation sets it; null means unassigned.
    /// The target's own mutability is not checked here: that is the caller's decision.
    /// </summary>
    public static JsonNode? ReadValue(ScimResourceType type, ResolvedAttribute target, JsonNode? value) =>
        ScimValueReader.Read(target.Target, value, DisplayName(type, target));

    private static void ReadExtensionContainer(ScimResourceType type, ScimSchema schema, string key, JsonNode? value, JsonObject resource)
    {
        if (schema == type.Schema || value is null)
        {
            return;
        }

        if (value is not JsonObject container)
        {
            throw ScimProtocolException.InvalidValue($"'{key}' must be an object of {schema.Name} attributes.");
        }

        foreach (var (name, attributeValue) in container)
        {
            if (schema.Attribute(name) is { } attribute)
            {
                Store(type, new ResolvedAttribute(schema, attribute, null), attributeValue, resource);
            }
        }
    }

    private static void Store(ScimResourceType type, ResolvedAttribute target, JsonNode? value, JsonObject resource)
    {
        var attribute = target.Attribute;
        if (attribute.Mutability == Mutability.ReadOnly)
        {
            return;
        }

        var container = target.IsExtension(type) ? ExtensionContainer(resource, target.Schema) : resource;
        if (ScimValueReader.Read(attribute, value, DisplayName(type, target)) is { } read)
        {
            container[attribute.Name] = read;
        }
        else
        {
            container.Remove(attribute.Name);
        }
    }

    private static JsonObject ExtensionContainer(JsonObject resource, ScimSchema schema)
    {
        if (resource[schema.Id] is JsonObject existing)
        {
            return existing;
        }

        var container = new JsonObject();
        resource[schema.Id] = container;
        return container;
    }

    private static void RemoveEmptyExtensionContainers(ScimResourceType type, JsonObject resource)
    {
        foreach (var extension in type.Extensions)
        {
            if (resource[extension.Id] is JsonObject { Count: 0 })
            {
                resource.Remove(extension.Id);
            }
        }
    }

    private static void RequireRequiredAttributes(ScimResourceType type, JsonObject resource)
    {
        foreach (var schema in type.AllSchemas)
        {
            var container = schema == type.Schema ? resource : resource[schema.Id] as JsonObject;
            foreach (var attribute in schema.Attributes.Where(a => a.Required && a.Mutability != Mutability.ReadOnly))
            {
                if (container?[attribute.Name] is null)
                {
                    throw ScimProtocolException.InvalidValue($"Attribute '{attribute.Name}' is required.");
                }
            }
        }
    }

    private static string DisplayName(ScimResourceType type, ResolvedAttribute target)
    {
        var name = target.SubAttribute is null ? target.Attribute.Name : $"{target.Attribute.Name}.{target.SubAttribute.Name}";
        return target.IsExtension(type) ? $"{target.Schema.Id}:{name}" : name;
    }
}
