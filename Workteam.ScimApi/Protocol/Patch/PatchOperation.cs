using System.Text.Json.Nodes;
using Workteam.ScimApi.Protocol.Filters;

namespace Workteam.ScimApi.Protocol.Patch;

/// <summary>The three RFC 7644 §3.5.2 PATCH operations.</summary>
public enum PatchOp { Add, Remove, Replace }

/// <summary>
/// One operation of a PATCH request, as sent: <see cref="Path"/> is null for a no-path add or replace, and
/// <see cref="Value"/> is not yet checked against the schema (that happens when the operation is applied).
/// </summary>
public sealed record PatchOperation(PatchOp Op, PatchPath? Path, JsonNode? Value);
