using System.Text.Json.Nodes;
using Workteam.ScimApi.Protocol.Filters;

namespace Workteam.ScimApi.Protocol.Patch;

/// <summary>
/// PATCH operations on the elements of a multi-valued attribute picked by a value filter:
/// <c>emails[type eq "work"].value</c>, <c>addresses[type eq "work"].streetAddress</c>, <c>roles[value eq "x"]</c>.
/// </summary>
internal static class ValuePathEditor
{
    public static void Apply(JsonObject resource, PatchOp op, PatchTarget target, JsonNode? value)
    {
        var filter = target.Filter!;
        var container = target.Container(resource, create: op != PatchOp.Remove);
        var elements = container?[target.Attribute.Name] as JsonArray;
        List<JsonObject> matches = elements is null ? [] : Matching(elements, target, filter);

        if (op == PatchOp.Remove)
        {
            if (matches.Count == 0)
            {
                throw PatchErrors.NoTarget($"No value of '{target.Attribute.Name}' matches '{target.Display}'.");
            }

            Remove(container!, target, elements!, matches);
            return;
        }

        var read = target.Sub is null ? ReadSingleElement(target, value) : target.ReadValue(value);
        if (read is null)
        {
            // Setting "" or null clears what the path names.
            if (elements is not null)
            {
                Remove(container!, target, elements, matches);
            }

            return;
        }

        var changes = target.Sub is null ? (JsonObject)read : new JsonObject { [target.Sub.Name] = read };
        if (matches.Count == 0)
        {
            var created = Create(target, filter, changes);
            elements ??= [];
            elements.Add(created);
            container![target.Attribute.Name] ??= elements;
            ElementRules.DemoteOtherPrimaries(elements, [created]);
            return;
        }

        foreach (var element in matches)
        {
            foreach (var (key, item) in changes)
            {
                element[key] = item?.DeepClone();
            }
        }

        ElementRules.DemoteOtherPrimaries(elements!, matches);
    }

    /// <summary>Removes the sub-attribute from the given elements, and elements left with no value at all.</summary>
    public static void RemoveSubAttribute(JsonObject container, PatchTarget target, JsonArray elements, IReadOnlyList<JsonObject> from)
    {
        foreach (var element in from)
        {
            element.Remove(target.Sub!.Name);
            if (ElementRules.IsHollow(element))
            {
                elements.Remove(element);
            }
        }

        RemoveIfEmpty(container, target, elements);
    }

    private static void Remove(JsonObject container, PatchTarget target, JsonArray elements, IReadOnlyList<JsonObject> matches)
    {
        if (target.Sub is not null)
        {
            RemoveSubAttribute(container, target, elements, matches);
            return;
        }

        foreach (var element in matches)
        {
            elements.Remove(element);
        }

        RemoveIfEmpty(container, target, elements);
    }

    private static void RemoveIfEmpty(JsonObject container, PatchTarget target, JsonArray elements)
    {
        if (elements.Count == 0)
        {
            container.Remove(target.Attribute.Name);
        }
    }

    private static List<JsonObject> Matching(JsonArray elements, PatchTarget target, FilterNode filter)
    {
        try
        {
            return [.. elements.OfType<JsonObject>().Where(e => ScimFilterEvaluator.Matches(filter, e, target.IsCaseExact))];
        }
        catch (ScimFilterException e)
        {
            throw PatchErrors.InvalidFilter($"'{target.Display}': {e.Message}");
        }
    }

    /// <summary>A valuePath without a sub-attribute takes one element, whose sub-attributes are merged into the matches.</summary>
    private static JsonObject? ReadSingleElement(PatchTarget target, JsonNode? value)
    {
        var read = target.ReadElements(value);
        return read switch
        {
            null => null,
            [JsonObject element] => element,
            _ => throw PatchErrors.InvalidValue($"'{target.Display}' takes a single object of sub-attributes as its value."),
        };
    }

    /// <summary>
    /// An add or replace that matches nothing adds the element the filter describes (Entra sends
    /// <c>emails[type eq "work"].value</c> for a user without a work email); other filters have no target.
    /// </summary>
    private static JsonObject Create(PatchTarget target, FilterNode filter, JsonObject changes)
    {
        var element = ElementRules.FromFilter(filter)
            ?? throw PatchErrors.NoTarget(
                $"No value of '{target.Attribute.Name}' matches '{target.Display}', and the filter does not describe a new one.");
        foreach (var (key, item) in changes)
        {
            element[key] = item?.DeepClone();
        }

        return target.ReadElements(element) is [JsonObject created]
            ? (JsonObject)created.DeepClone()
            : throw PatchErrors.NoTarget($"'{target.Display}' does not describe a value of '{target.Attribute.Name}'.");
    }
}
