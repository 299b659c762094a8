using System.Text.Json.Nodes;
using Workteam.ScimApi.Protocol.Schema;

namespace Workteam.ScimApi.Protocol;

/// <summary>
/// The discovery documents of RFC 7643 §5–§7 (ServiceProviderConfig, ResourceType, Schema), built from
/// Workteam's schema definitions. Optional members are left out rather than written as null.
/// </summary>
public static class ScimDiscovery
{
    public const string ServiceProviderConfigUrn = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
    public const string ResourceTypeUrn = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";
    public const string SchemaUrn = "urn:ietf:params:scim:schemas:core:2.0:Schema";

    public static JsonObject ServiceProviderConfig(string baseUrl, ServiceProviderCapabilities capabilities) => new()
    {
        ["schemas"] = new JsonArray(ServiceProviderConfigUrn),
        ["patch"] = Supported(true),
        ["bulk"] = new JsonObject { ["supported"] = false, ["maxOperations"] = 0, ["maxPayloadSize"] = 0 },
        ["filter"] = new JsonObject { ["supported"] = true, ["maxResults"] = capabilities.MaxResults },
        ["changePassword"] = Supported(false),
        ["sort"] = Supported(true),
        ["etag"] = Supported(true),
        ["authenticationSchemes"] = new JsonArray(new JsonObject
        {
            ["type"] = "oauthbearertoken",
            ["name"] = "OAuth Bearer Token",
            ["description"] = "Authentication with the Workteam SCIM token created in Organization settings > SCIM User Provisioning, " +
                "sent as a bearer token in the Authorization header.",
            ["specUri"] = "https://www.rfc-editor.org/info/rfc6750",
            ["primary"] = true,
        }),
        ["meta"] = Meta("ServiceProviderConfig", Trim(baseUrl) + "/ServiceProviderConfig"),
    };

    public static JsonObject ResourceType(ScimResourceType type, string baseUrl)
    {
        var document = new JsonObject
        {
            ["schemas"] = new JsonArray(ResourceTypeUrn),
            ["id"] = type.Id,
            ["name"] = type.Name,
            ["endpoint"] = type.Endpoint,
            ["description"] = type.Description,
            ["schema"] = type.Schema.Id,
        };
        if (type.Extensions.Count > 0)
        {
            // Workteam never requires an extension: a User without enterprise attributes is valid.
            document["schemaExtensions"] = new JsonArray(
                [.. type.Extensions.Select(e => (JsonNode)new JsonObject { ["schema"] = e.Id, ["required"] = false })]);
        }

        document["meta"] = Meta("ResourceType", $"{Trim(baseUrl)}/ResourceTypes/{type.Id}");
        return document;
    }

    public static JsonObject Schema(ScimSchema schema, string baseUrl) => new()
    {
        ["schemas"] = new JsonArray(SchemaUrn),
        ["id"] = schema.Id,
        ["name"] = schema.Name,
        ["description"] = schema.Description,
        ["attributes"] = Attributes(schema.Attributes),
        ["meta"] = Meta("Schema", $"{Trim(baseUrl)}/Schemas/{schema.Id}"),
    };

    private static JsonArray Attributes(IEnumerable<ScimAttribute> attributes) =>
        new([.. attributes.Select(a => (JsonNode)Attribute(a))]);

    private static JsonObject Attribute(ScimAttribute attribute)
    {
        var document = new JsonObject
        {
            ["name"] = attribute.Name,
            ["type"] = CamelCase(attribute.Type),
            ["multiValued"] = attribute.MultiValued,
            ["description"] = attribute.Description,
            ["required"] = attribute.Required,
        };
        if (attribute.CanonicalValues is { Count: > 0 } canonicalValues)
        {
            document["canonicalValues"] = Strings(canonicalValues);
        }

        document["caseExact"] = attribute.CaseExact;
        document["mutability"] = CamelCase(attribute.Mutability);
        document["returned"] = CamelCase(attribute.Returned);
        document["uniqueness"] = CamelCase(attribute.Uniqueness);
        if (attribute.ReferenceTypes is { Count: > 0 } referenceTypes)
        {
            document["referenceTypes"] = Strings(referenceTypes);
        }

        if (attribute.SubAttributes is { Count: > 0 } subAttributes)
        {
            document["subAttributes"] = Attributes(subAttributes);
        }

        return document;
    }

    /// <summary>The RFC spells every characteristic value in camelCase: readWrite, dateTime, ...</summary>
    internal static string CamelCase<T>(T value) where T : struct, Enum
    {
        var name = value.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }

    private static JsonObject Supported(bool supported) => new() { ["supported"] = supported };

    private static JsonObject Meta(string resourceType, string location) =>
        new() { ["resourceType"] = resourceType, ["location"] = location };

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)JsonValue.Create(v))]);

    private static string Trim(string baseUrl) => baseUrl.TrimEnd('/');
}
