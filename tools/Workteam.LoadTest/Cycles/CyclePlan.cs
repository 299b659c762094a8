using Workteam.LoadTest.Source;

namespace Workteam.LoadTest.Cycles;

/// <summary>What changed in one organization's source directory since the last cycle, as Entra's delta query finds it.</summary>
internal sealed class CyclePlan
{
    /// <summary>Provisioned users whose attributes or <c>active</c> changed.</summary>
    public HashSet<SourceUser> Changed { get; } = [];

    public List<SourceUser> Deleted { get; } = [];

    public List<SourceUser> Joiners { get; } = [];

    /// <summary>Users whose manager is set or changed, and whether they had one before (joiners had none).</summary>
    public Dictionary<SourceUser, bool> ManagerChanges { get; } = [];

    public Dictionary<SourceGroup, List<SourceUser>> MembersAdded { get; } = [];

    public Dictionary<SourceGroup, List<SourceUser>> MembersRemoved { get; } = [];

    public int Disabled { get; set; }

    public int Enabled { get; set; }
}
