namespace Workteam.Directory.Provisioning;

/// <summary>What a membership event does to one membership.</summary>
public enum MembershipDecision
{
    /// <summary>The membership has a newer (or this very) version already: the event changes nothing.</summary>
    Ignore,

    /// <summary>No row yet: record the membership with the event's version.</summary>
    Insert,

    /// <summary>The event is newer: overwrite presence and version.</summary>
    Update,
}

/// <summary>
/// The ordering rules for SCIM events: each resource's events carry increasing versions, and Directory keeps
/// the newest state it has seen. A user has one version; a group has one for its name and deletion and one per
/// membership, so membership events of one group may arrive in any order without losing or resurrecting a member.
/// </summary>
public static class LastWriterWins
{
    /// <summary>Whether an event of <paramref name="incoming"/> version changes a resource applied up to <paramref name="applied"/>.</summary>
    public static bool IsNewer(long applied, long incoming) => incoming > applied;

    public static MembershipDecision ForMembership(long? appliedVersion, long incoming) =>
        appliedVersion is not { } applied ? MembershipDecision.Insert
        : IsNewer(applied, incoming) ? MembershipDecision.Update
        : MembershipDecision.Ignore;
}
