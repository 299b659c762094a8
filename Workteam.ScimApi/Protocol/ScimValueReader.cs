using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;
using Workteam.ScimApi.Protocol.Schema;

namespace Workteam.ScimApi.Protocol;

/// <summary>
/// The type rules of <see cref="ScimResourceReader"/> for one attribute value. Lenient where Entra and the SCIM
/// Validator are known to be (booleans as "True", numbers for strings, a single value for a list, a manager id as a
/// plain string), strict about everything else. Returns null for an unassigned value.
/// </summary>
internal static class ScimValueReader
{
    public static JsonNode? Read(ScimAttribute attribute, JsonNode? value, string name)
    {
        if (value is null)
        {
            return null;
        }

        return attribute.MultiValued ? ReadMultiValued(attribute, value, name) : ReadSingular(attribute, value, name);
    }

    private static JsonNode? ReadSingular(ScimAttribute attribute, JsonNode value, string name) => attribute.Type switch
    {
        AttributeType.String or AttributeType.Reference => ReadString(value, name, ScimInputLimits.MaxStringLength),
        AttributeType.Binary => ReadBinary(value, name),
        AttributeType.Boolean => ReadBoolean(value, name),
        AttributeType.DateTime => ReadDateTime(value, name),
        AttributeType.Decimal => ReadNumber(value, name, integer: false),
        AttributeType.Integer => ReadNumber(value, name, integer: true),
        AttributeType.Complex => ReadSingularComplex(attribute, value, name),
        _ => throw new InvalidOperationException($"Unknown attribute type {attribute.Type}."),
    };

    /// <summary>
    /// A singular complex attribute with a <c>value</c> sub-attribute (the enterprise <c>manager</c>) also accepts
    /// that value alone as a string, and a list, of which the first element counts: Entra sends all three shapes.
    /// </summary>
    private static JsonObject? ReadSingularComplex(ScimAttribute attribute, JsonNode value, string name)
    {
        if (attribute.SubAttribute("value") is not null)
        {
            if (value is JsonArray array)
            {
                return array.Count == 0 || array[0] is null ? null : ReadSingularComplex(attribute, array[0]!, name);
            }

            if (value.GetValueKind() == JsonValueKind.String)
            {
                return ReadComplexObject(attribute, new JsonObject { ["value"] = value.DeepClone() }, name);
            }
        }

        return value is JsonObject obj
            ? ReadComplexObject(attribute, obj, name)
            : throw Expected(name, "an object");
    }

    private static JsonObject? ReadComplexObject(ScimAttribute attribute, JsonObject value, string name)
    {
        var result = new JsonObject();
        foreach (var (key, subValue) in value)
        {
            if (attribute.SubAttribute(key) is not { Mutability: not Mutability.ReadOnly } subAttribute)
            {
                continue;
            }

            if (Read(subAttribute, subValue, $"{name}.{subAttribute.Name}") is { } read)
            {
                result[subAttribute.Name] = read;
            }
        }

        return result.Count == 0 ? null : result;
    }

    private static JsonArray? ReadMultiValued(ScimAttribute attribute, JsonNode value, string name)
    {
        IReadOnlyList<JsonNode?> elements = value is JsonArray array ? [.. array] : [value];
        var isMembers = MultiValuedElementRules.IsGroupMembers(attribute);
        var limit = isMembers ? ScimInputLimits.MaxGroupMembersPerRequest : ScimInputLimits.MaxMultiValuedElements;
        if (elements.Count > limit)
        {
            throw ScimProtocolException.InvalidValue($"Attribute '{name}' has {elements.Count} values; at most {limit} are accepted.");
        }

        var result = new JsonArray();
        foreach (var element in elements)
        {
            if (element is not null && ReadElement(attribute, element, name) is { } read)
            {
                result.Add(read);
            }
        }

        if (result.Count(e => (e as JsonObject)?["primary"]?.GetValueKind() == JsonValueKind.True) > 1)
        {
            throw ScimProtocolException.InvalidValue($"Attribute '{name}' has more than one primary value.");
        }

        return result.Count == 0 ? null : result;
    }

    private static JsonNode? ReadElement(ScimAttribute attribute, JsonNode element, string name)
    {
        if (attribute.Type != AttributeType.Complex)
        {
            return ReadSingular(attribute, element, name);
        }

        var obj = element switch
        {
            JsonObject o => o,
            _ when element.GetValueKind() == JsonValueKind.String => new JsonObject { ["value"] = element.DeepClone() },
            _ => throw Expected(name, "objects"),
        };
        return MultiValuedElementRules.Apply(attribute, obj, o => ReadComplexObject(attribute, o, name), name);
    }

    internal static JsonValue? ReadString(JsonNode value, string name, int maxLength)
    {
        var text = value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.Number => value.ToJsonString(),
            _ => throw Expected(name, "a string"),
        };
        if (text.Length > maxLength)
        {
            throw ScimProtocolException.InvalidValue($"Attribute '{name}' is longer than {maxLength} characters.");
        }

        return text.Length == 0 ? null : JsonValue.Create(text);
    }

    private static JsonValue? ReadBinary(JsonNode value, string name)
    {
        var text = ReadString(value, name, ScimInputLimits.MaxBinaryLength);
        if (text is not null && !Convert.TryFromBase64String(text.GetValue<string>(), new byte[text.GetValue<string>().Length], out _))
        {
            throw Expected(name, "base64-encoded binary data");
        }

        return text;
    }

    private static JsonValue? ReadBoolean(JsonNode value, string name)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.True:
                return JsonValue.Create(true);
            case JsonValueKind.False:
                return JsonValue.Create(false);
            case JsonValueKind.String:
                var text = value.GetValue<string>();
                if (text.Length == 0)
                {
                    return null;
                }

                // Entra's default mapping for active sends "True"/"False".
                return bool.TryParse(text, out var parsed) ? JsonValue.Create(parsed) : throw Expected(name, "true or false");
            default:
                throw Expected(name, "true or false");
        }
    }

    private static JsonValue? ReadDateTime(JsonNode value, string name)
    {
        if (value.GetValueKind() != JsonValueKind.String)
        {
            throw Expected(name, "an ISO 8601 date and time");
        }

        var text = ReadString(value, name, ScimInputLimits.MaxStringLength);
        try
        {
            // xsd:dateTime, as RFC 7643 §2.3.5 requires; the value is kept as sent.
            if (text is not null)
            {
                XmlConvert.ToDateTimeOffset(text.GetValue<string>());
            }

            return text;
        }
        catch (FormatException)
        {
            throw Expected(name, "an ISO 8601 date and time");
        }
    }

    private static JsonNode ReadNumber(JsonNode value, string name, bool integer)
    {
        if (value.GetValueKind() != JsonValueKind.Number)
        {
            throw Expected(name, integer ? "an integer" : "a number");
        }

        if (integer && !value.AsValue().TryGetValue<long>(out _))
        {
            throw Expected(name, "an integer");
        }

        return value.DeepClone();
    }

    private static ScimProtocolException Expected(string name, string what) =>
        ScimProtocolException.InvalidValue($"Attribute '{name}' must be {what}.");
}
