using System.Text.Json.Nodes;
using Workteam.ScimApi.Protocol.Filters;
using Workteam.ScimApi.Protocol.Schema;

namespace Workteam.ScimApi.Protocol.Patch;

/// <summary>
/// Splits a group PATCH into changes of the group's own attributes (applied by <see cref="ResourcePatcher"/>)
/// and membership changes, so that a group with many members is changed without reading its members.
/// </summary>
public static class GroupPatchPlanner
{
    /// <param name="groupAttributes">The group's canonical attributes without members (displayName, externalId).</param>
    public static GroupPatchPlan Plan(JsonObject groupAttributes, IReadOnlyList<PatchOperation> operations)
    {
        var attributeOperations = new List<PatchOperation>();
        var memberChanges = new List<MemberChange>();
        foreach (var operation in operations)
        {
            if (operation.Path is null)
            {
                SplitWithoutPath(operation, attributeOperations, memberChanges);
            }
            else if (IsMembers(operation.Path.Attribute))
            {
                memberChanges.AddRange(PlanMembers(operation, operation.Path));
            }
            else
            {
                attributeOperations.Add(operation);
            }
        }

        var memberValues = memberChanges.Sum(MemberValueCount);
        if (memberValues > ScimInputLimits.MaxGroupMembersPerRequest)
        {
            throw PatchErrors.InvalidValue(
                $"At most {ScimInputLimits.MaxGroupMembersPerRequest} member values can be sent in one request; this one has {memberValues}. Split it.");
        }

        var attributes = ResourcePatcher.Apply(ScimResourceTypes.Group, groupAttributes, attributeOperations);
        return new GroupPatchPlan(attributes, memberChanges);
    }

    private static void SplitWithoutPath(PatchOperation operation, List<PatchOperation> attributeOperations, List<MemberChange> memberChanges)
    {
        if (operation.Value is not JsonObject value)
        {
            // ResourcePatcher reports the error.
            attributeOperations.Add(operation);
            return;
        }

        var others = new JsonObject();
        foreach (var (key, item) in Flatten(value))
        {
            if (MembersKeyPath(key) is { } membersPath)
            {
                memberChanges.AddRange(PlanMembers(operation with { Value = item }, membersPath));
            }
            else
            {
                others[key] = item?.DeepClone();
            }
        }

        if (others.Count > 0)
        {
            attributeOperations.Add(operation with { Value = others });
        }
    }

    /// <summary>The keys of a no-path value, with a core Group schema URN key's attributes taken out of it.</summary>
    private static IEnumerable<KeyValuePair<string, JsonNode?>> Flatten(JsonObject value) =>
        value.SelectMany(p => string.Equals(p.Key, ScimSchemas.GroupUrn, StringComparison.OrdinalIgnoreCase) && p.Value is JsonObject inner
            ? inner.AsEnumerable()
            : [p]);

    private static IEnumerable<MemberChange> PlanMembers(PatchOperation operation, PatchPath? path)
    {
        if (path is { Attribute.SubAttribute: not null } or { ValueSubAttribute: not null })
        {
            throw PatchErrors.InvalidPath($"'{path}': members are added or removed whole; their sub-attributes cannot be changed.");
        }

        if (path?.ValueFilter is { } filter)
        {
            if (operation.Op != PatchOp.Remove)
            {
                throw PatchErrors.InvalidPath($"'{path}': a filter on members can only be used to remove them.");
            }

            return [new RemoveMembers(MemberValues.FromFilter(filter))];
        }

        var ids = MemberValues.Read(operation.Value);
        return operation.Op switch
        {
            PatchOp.Add => ids.Count == 0 ? [] : [new AddMembers(ids)],
            // Entra's default dialect removes members by listing them: only those go, never all.
            PatchOp.Remove when operation.Value is not null => ids.Count == 0 ? [] : [new RemoveMembers(ids)],
            PatchOp.Remove => [new RemoveAllMembers()],
            _ => ids.Count == 0 ? [new RemoveAllMembers()] : [new ReplaceMembers(ids)],
        };
    }

    private static bool IsMembers(AttributePath path) =>
        ScimResourceTypes.Group.Resolve(path) is { Attribute.Name: "members" };

    /// <summary>The key of a no-path value as a path, when it names members.</summary>
    private static PatchPath? MembersKeyPath(string key)
    {
        try
        {
            var path = ScimFilterParser.ParsePatchPath(key);
            return IsMembers(path.Attribute) ? path : null;
        }
        catch (ScimFilterException)
        {
            return null;
        }
    }

    private static int MemberValueCount(MemberChange change) => change switch
    {
        AddMembers add => add.UserIds.Count,
        RemoveMembers remove => remove.UserIds.Count,
        ReplaceMembers replace => replace.UserIds.Count,
        _ => 0,
    };
}
