using System.Text.Json.Nodes;
using Workteam.ScimApi.Protocol.Filters;
using Workteam.ScimApi.Protocol.Schema;

namespace Workteam.ScimApi.Protocol.Patch;

/// <summary>
/// Applies PATCH operations (RFC 7644 §3.5.2, with Entra's dialects) to a resource in Workteam's canonical form.
/// Atomic: the operations work on a copy, so when one fails the input is unchanged and nothing is returned.
/// </summary>
public static class ResourcePatcher
{
    /// <summary>
    /// Returns the patched resource, canonical and checked by <see cref="ScimResourceReader.ReadResource"/>;
    /// read-only members of the input (id, meta, schemas, groups) are carried over unchanged.
    /// </summary>
    public static JsonObject Apply(ScimResourceType type, JsonObject resource, IReadOnlyList<PatchOperation> operations)
    {
        var working = (JsonObject)resource.DeepClone();
        foreach (var requested in operations)
        {
            // Values are moved into the resource; a copy leaves the request intact for a retried transaction.
            var operation = requested with { Value = requested.Value?.DeepClone() };
            if (operation.Path is null)
            {
                ApplyWithoutPath(type, working, operation);
            }
            else
            {
                var target = Resolve(type, operation.Path);
                CheckMutability(working, operation.Op, target);
                Edit(working, operation.Op, target, operation.Value);
            }
        }

        var result = ScimResourceReader.ReadResource(type, working);
        CarryOverReadOnlyMembers(type, resource, result);
        return result;
    }

    private static void Edit(JsonObject resource, PatchOp op, PatchTarget target, JsonNode? value)
    {
        if (target.Filter is null)
        {
            AttributeEditor.Apply(resource, op, target, value);
        }
        else
        {
            ValuePathEditor.Apply(resource, op, target, value);
        }
    }

    /// <summary>
    /// A no-path add or replace: each key of the value (an attribute name, a dotted or URN-qualified path, or an
    /// extension's schema URN holding its attributes) is applied as that path. Read-only and unknown keys are ignored.
    /// </summary>
    private static void ApplyWithoutPath(ScimResourceType type, JsonObject resource, PatchOperation operation)
    {
        if (operation.Op == PatchOp.Remove)
        {
            throw PatchErrors.NoTarget("'remove' needs a 'path' naming what to remove.");
        }

        if (operation.Value is not JsonObject attributes)
        {
            throw PatchErrors.InvalidValue("An add or replace without a 'path' needs an object of attributes as its 'value'.");
        }

        foreach (var (key, value) in attributes)
        {
            if (type.FindSchema(key) is { } schema)
            {
                if (value is null)
                {
                    continue;
                }

                if (value is not JsonObject extension)
                {
                    throw PatchErrors.InvalidValue($"'{key}' must be an object of {schema.Name} attributes.");
                }

                foreach (var (name, item) in extension)
                {
                    ApplyKey(type, resource, operation.Op, schema.Id, name, item);
                }
            }
            else
            {
                ApplyKey(type, resource, operation.Op, null, key, value);
            }
        }
    }

    private static void ApplyKey(ScimResourceType type, JsonObject resource, PatchOp op, string? schemaUrn, string key, JsonNode? value)
    {
        PatchPath path;
        try
        {
            path = ScimFilterParser.ParsePatchPath(key);
        }
        catch (ScimFilterException)
        {
            return;
        }

        if (schemaUrn is not null)
        {
            if (path.Attribute.SchemaUrn is not null)
            {
                return;
            }

            path = path with { Attribute = path.Attribute with { SchemaUrn = schemaUrn } };
        }

        if (TryResolve(type, path) is not { } target
            || target.Attribute.Mutability == Mutability.ReadOnly || target.Written.Mutability == Mutability.ReadOnly)
        {
            return;
        }

        CheckMutability(resource, op, target);
        Edit(resource, op, target, value);
    }

    private static PatchTarget Resolve(ScimResourceType type, PatchPath path) =>
        TryResolve(type, path) ?? throw PatchErrors.InvalidPath($"'{path}' does not name an attribute of a {type.Name}.");

    private static PatchTarget? TryResolve(ScimResourceType type, PatchPath path)
    {
        if (type.Resolve(path.Attribute) is not { } resolved)
        {
            return null;
        }

        if (path.ValueFilter is null)
        {
            return new PatchTarget(type, resolved, null, resolved.SubAttribute);
        }

        if (!resolved.Attribute.MultiValued || resolved.Attribute.Type != AttributeType.Complex || resolved.SubAttribute is not null)
        {
            throw PatchErrors.InvalidPath($"'{path}': a value filter can only follow a multi-valued attribute such as emails.");
        }

        if (path.ValueSubAttribute is null)
        {
            return new PatchTarget(type, resolved, path.ValueFilter, null);
        }

        return resolved.Attribute.SubAttribute(path.ValueSubAttribute) is { } sub
            ? new PatchTarget(type, resolved, path.ValueFilter, sub)
            : null;
    }

    private static void CheckMutability(JsonObject resource, PatchOp op, PatchTarget target)
    {
        if (target.Attribute.Mutability == Mutability.ReadOnly || target.Written.Mutability == Mutability.ReadOnly)
        {
            throw PatchErrors.Mutability($"Attribute '{target.Display}' is readOnly and cannot be changed.");
        }

        if (op == PatchOp.Remove && target.Sub is null && target.Filter is null && target.Attribute.Required)
        {
            throw PatchErrors.Mutability(
                $"Attribute '{target.Display}' is required and cannot be removed; replace it with a new value instead.");
        }

        if (target.Written.Mutability == Mutability.Immutable && HasValue(resource, target))
        {
            throw PatchErrors.Mutability($"Attribute '{target.Display}' is immutable and already has a value.");
        }
    }

    private static bool HasValue(JsonObject resource, PatchTarget target) => (target.Current(resource), target.Sub) switch
    {
        (null, _) => false,
        (var current, null) => current is not JsonArray { Count: 0 },
        (JsonObject current, var sub) => current[sub.Name] is not null,
        (JsonArray elements, var sub) => elements.OfType<JsonObject>().Any(e => e[sub.Name] is not null),
        _ => false,
    };

    /// <summary>ScimResourceReader drops read-only members; a stored resource that has them keeps them.</summary>
    private static void CarryOverReadOnlyMembers(ScimResourceType type, JsonObject original, JsonObject result)
    {
        foreach (var (key, value) in original)
        {
            var readOnly = string.Equals(key, "schemas", StringComparison.OrdinalIgnoreCase)
                || type.Resolve(new AttributePath(null, key)) is { Attribute.Mutability: Mutability.ReadOnly };
            if (readOnly && !result.ContainsKey(key))
            {
                result[key] = value?.DeepClone();
            }
        }
    }
}
