using System.Text.Json.Nodes;
using Workteam.ScimApi.Protocol.Schema;

namespace Workteam.ScimApi.Protocol.Patch;

/// <summary>PATCH operations on a whole attribute or on a sub-attribute, without a value filter (RFC 7644 §3.5.2).</summary>
internal static class AttributeEditor
{
    public static void Apply(JsonObject resource, PatchOp op, PatchTarget target, JsonNode? value)
    {
        if (target.Sub is null)
        {
            ApplyToAttribute(resource, op, target, value);
        }
        else if (target.Attribute.MultiValued)
        {
            ApplyToEverySubAttribute(resource, op, target, value);
        }
        else
        {
            ApplyToSubAttribute(resource, op, target, value);
        }
    }

    private static void ApplyToAttribute(JsonObject resource, PatchOp op, PatchTarget target, JsonNode? value)
    {
        var attribute = target.Attribute;
        if (op == PatchOp.Remove)
        {
            if (attribute.MultiValued && value is not null)
            {
                RemoveListedElements(resource, target, value);
            }
            else
            {
                target.Container(resource, create: false)?.Remove(attribute.Name);
            }

            return;
        }

        var read = target.ReadValue(value);
        if (read is null)
        {
            // Unassigned, null and empty are the same state (RFC 7643 §2.5): setting "" or null clears the attribute.
            target.Container(resource, create: false)?.Remove(attribute.Name);
            return;
        }

        var container = target.Container(resource, create: true)!;
        var current = container[attribute.Name];
        var result = (attribute.MultiValued, current) switch
        {
            (true, JsonArray existing) when op == PatchOp.Add => Append(existing, (JsonArray)read),
            (true, _) => read,
            (false, JsonObject currentObject) when attribute.Type == AttributeType.Complex =>
                Merge(attribute, currentObject, (JsonObject)read),
            _ => read,
        };
        if (!ReferenceEquals(result, current))
        {
            container[attribute.Name] = result;
        }
    }

    /// <summary>Adds the values not already there (adding an existing value changes nothing, RFC 7644 §3.5.2.1).</summary>
    private static JsonArray Append(JsonArray existing, JsonArray added)
    {
        var touched = new List<JsonNode>();
        foreach (var element in added.ToList())
        {
            var equal = existing.FirstOrDefault(e => ElementRules.AreEqual(e, element));
            if (equal is null)
            {
                added.Remove(element);
                existing.Add(element);
                touched.Add(element!);
            }
            else
            {
                touched.Add(equal);
            }
        }

        ElementRules.DemoteOtherPrimaries(existing, touched);
        return existing;
    }

    /// <summary>
    /// Sets the given sub-attributes and keeps the others (RFC 7644 §3.5.2.3). A reference that changes its
    /// <c>value</c> (the manager's id) starts afresh: the old <c>$ref</c> and display name were about the old one.
    /// </summary>
    public static JsonObject Merge(ScimAttribute attribute, JsonObject current, JsonObject changes)
    {
        if (attribute.SubAttribute("value") is not null && !attribute.MultiValued
            && changes["value"] is { } newValue && !ElementRules.AreEqual(current["value"], newValue))
        {
            return changes;
        }

        foreach (var (key, item) in changes.ToList())
        {
            changes.Remove(key);
            current[key] = item;
        }

        return current;
    }

    /// <summary>Entra's default dialect removes list values by sending them: only the listed values go.</summary>
    private static void RemoveListedElements(JsonObject resource, PatchTarget target, JsonNode value)
    {
        var container = target.Container(resource, create: false);
        if (container?[target.Attribute.Name] is not JsonArray elements || target.ReadElements(value) is not { } listed)
        {
            return;
        }

        foreach (var element in elements.Where(e => listed.Any(l => ElementRules.Contains(e, l))).ToList())
        {
            elements.Remove(element);
        }

        if (elements.Count == 0)
        {
            container.Remove(target.Attribute.Name);
        }
    }

    private static void ApplyToSubAttribute(JsonObject resource, PatchOp op, PatchTarget target, JsonNode? value)
    {
        var name = target.Attribute.Name;
        var read = op == PatchOp.Remove ? null : target.ReadValue(value);
        if (read is null)
        {
            var container = target.Container(resource, create: false);
            if (container?[name] is JsonObject cleared)
            {
                cleared.Remove(target.Sub!.Name);
                if (cleared.Count == 0)
                {
                    container.Remove(name);
                }
            }

            return;
        }

        var holder = target.Container(resource, create: true)!;
        var changes = new JsonObject { [target.Sub!.Name] = read };
        var current = holder[name] as JsonObject;
        var merged = current is null ? changes : Merge(target.Attribute, current, changes);
        if (!ReferenceEquals(merged, current))
        {
            holder[name] = merged;
        }
    }

    /// <summary><c>emails.value</c> without a filter names that sub-attribute of every element.</summary>
    private static void ApplyToEverySubAttribute(JsonObject resource, PatchOp op, PatchTarget target, JsonNode? value)
    {
        var container = target.Container(resource, create: op != PatchOp.Remove);
        var elements = container?[target.Attribute.Name] as JsonArray;
        var read = op == PatchOp.Remove ? null : target.ReadValue(value);
        if (read is null)
        {
            if (elements is not null)
            {
                ValuePathEditor.RemoveSubAttribute(container!, target, elements, [.. elements.OfType<JsonObject>()]);
            }

            return;
        }

        if (elements is null || elements.Count == 0)
        {
            container![target.Attribute.Name] = target.ReadElements(new JsonObject { [target.Sub!.Name] = read });
            return;
        }

        var touched = elements.OfType<JsonObject>().ToList();
        touched.ForEach(e => e[target.Sub!.Name] = read.DeepClone());
        ElementRules.DemoteOtherPrimaries(elements, touched);
    }
}
