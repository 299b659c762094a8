using System.Text.Json.Nodes;
using Workteam.ScimApi.Protocol.Schema;

namespace Workteam.ScimApi.Tests;

/// <summary>
/// Compares JSON by content: object member order does not matter, the diff shows both sides sorted.
/// Test JSON may write <c>%ENT%</c> for the enterprise User schema URN.
/// </summary>
internal static class JsonAssert
{
    public static void Equal(string expected, JsonNode? actual) =>
        Assert.Equal(Canonical(JsonNode.Parse(Expand(expected))), Canonical(actual));

    public static JsonObject Object(string json) => JsonNode.Parse(Expand(json))!.AsObject();

    public static string Expand(string json) => json.Replace("%ENT%", ScimSchemas.EnterpriseUserUrn, StringComparison.Ordinal);

    /// <summary>Every node in the document, with the path that leads to it.</summary>
    public static IEnumerable<(string Path, JsonNode? Node)> Walk(JsonNode? node, string path = "$")
    {
        yield return (path, node);
        var children = node switch
        {
            JsonObject obj => obj.Select(p => ($"{path}.{p.Key}", p.Value)),
            JsonArray array => array.Select((e, i) => ($"{path}[{i}]", e)),
            _ => [],
        };
        foreach (var (childPath, child) in children)
        {
            foreach (var descendant in Walk(child, childPath))
            {
                yield return descendant;
            }
        }
    }

    private static string Canonical(JsonNode? node) => Sorted(node)?.ToJsonString() ?? "null";

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
        JsonArray array => new JsonArray([.. array.Select(Sorted)]),
        _ => node?.DeepClone(),
    };
}
