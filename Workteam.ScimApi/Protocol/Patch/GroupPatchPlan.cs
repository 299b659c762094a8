using System.Text.Json.Nodes;

namespace Workteam.ScimApi.Protocol.Patch;

/// <summary>
/// The outcome of a group PATCH: the group's new non-member attributes (canonical, without members) and the
/// membership changes to carry out in order, without ever loading the member list.
/// </summary>
public sealed record GroupPatchPlan(JsonObject Attributes, IReadOnlyList<MemberChange> MemberChanges);

/// <summary>One change to a group's members; user ids are distinct within a change.</summary>
public abstract record MemberChange;

/// <summary>Add these members; ids that are already members stay as they are.</summary>
public sealed record AddMembers(IReadOnlyList<string> UserIds) : MemberChange;

/// <summary>Remove exactly these members; ids that are not members are ignored.</summary>
public sealed record RemoveMembers(IReadOnlyList<string> UserIds) : MemberChange;

/// <summary>Remove every member.</summary>
public sealed record RemoveAllMembers() : MemberChange;

/// <summary>Make exactly these the members.</summary>
public sealed record ReplaceMembers(IReadOnlyList<string> UserIds) : MemberChange;
