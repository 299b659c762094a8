using System.Text.Json;
using System.Text.Json.Nodes;
using Workteam.ScimApi.Protocol.Filters;

namespace Workteam.ScimApi.Protocol.Patch;

/// <summary>
/// Reads an RFC 7644 §3.5.2 PatchOp body leniently, as Entra sends it: <c>op</c> and member names in any case,
/// <c>schemas</c> optional. The structure is checked here; values are checked when the operations are applied.
/// </summary>
public static class PatchRequest
{
    public static IReadOnlyList<PatchOperation> Read(JsonObject body)
    {
        JsonNode? operations = null;
        foreach (var (key, value) in body)
        {
            if (Is(key, "Operations"))
            {
                operations = value;
            }
            else if (Is(key, "schemas") && value is not null and not JsonArray)
            {
                throw PatchErrors.InvalidSyntax("'schemas' must be an array, e.g. [\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"].");
            }
        }

        if (operations is not JsonArray { Count: > 0 } list)
        {
            throw PatchErrors.InvalidSyntax("A PATCH request needs a non-empty 'Operations' array.");
        }

        if (list.Count > ScimInputLimits.MaxPatchOperations)
        {
            throw PatchErrors.InvalidValue(
                $"A PATCH request may have at most {ScimInputLimits.MaxPatchOperations} operations; this one has {list.Count}. Split it.");
        }

        return [.. list.Select((operation, index) => ReadOperation(operation, index))];
    }

    private static PatchOperation ReadOperation(JsonNode? node, int index)
    {
        var where = $"Operations[{index}]";
        if (node is not JsonObject operation)
        {
            throw PatchErrors.InvalidSyntax($"{where} must be an object with 'op', 'path' and 'value'.");
        }

        var op = ReadOp(Member(operation, "op", out _), where);
        var path = ReadPath(Member(operation, "path", out _), where);
        var value = Member(operation, "value", out var hasValue)?.DeepClone();

        if (op == PatchOp.Remove && path is null)
        {
            throw PatchErrors.NoTarget($"{where}: 'remove' needs a 'path' naming what to remove.");
        }

        if (op != PatchOp.Remove && (!hasValue || (path is null && value is null)))
        {
            throw PatchErrors.InvalidValue($"{where}: '{op.ToString().ToLowerInvariant()}' needs a 'value'.");
        }

        return new PatchOperation(op, path, value);
    }

    private static PatchOp ReadOp(JsonNode? node, string where)
    {
        var text = node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
        return text?.Trim().ToLowerInvariant() switch
        {
            "add" => PatchOp.Add,
            "remove" => PatchOp.Remove,
            "replace" => PatchOp.Replace,
            _ => throw PatchErrors.InvalidSyntax(
                $"{where}: 'op' must be \"add\", \"remove\" or \"replace\", not {node?.ToJsonString() ?? "missing"}."),
        };
    }

    private static PatchPath? ReadPath(JsonNode? node, string where)
    {
        if (node is null)
        {
            return null;
        }

        if (node.GetValueKind() != JsonValueKind.String)
        {
            throw PatchErrors.InvalidSyntax($"{where}: 'path' must be a string.");
        }

        try
        {
            return ScimFilterParser.ParsePatchPath(node.GetValue<string>());
        }
        catch (ScimFilterException e)
        {
            throw PatchErrors.InvalidPath($"{where}: {e.Message}");
        }
    }

    private static JsonNode? Member(JsonObject operation, string name, out bool found)
    {
        foreach (var (key, value) in operation)
        {
            if (Is(key, name))
            {
                found = true;
                return value;
            }
        }

        found = false;
        return null;
    }

    private static bool Is(string key, string name) => string.Equals(key, name, StringComparison.OrdinalIgnoreCase);
}
