using System.Collections.Concurrent;
using Workteam.Contracts;

namespace Workteam.Gateway.Scim;

/// <summary>
/// Remembers which tokens were used since the last report, for the console's "last used" column, and when the
/// latest successful SCIM write of each organization started, for the console's "caught up" status.
/// </summary>
public sealed class ScimTokenUsageLog
{
    private ConcurrentDictionary<Guid, byte> _used = new();
    private ConcurrentDictionary<Guid, DateTimeOffset> _lastWrites = new();

    public void Record(Guid tokenId) => _used.TryAdd(tokenId, 0);

    /// <summary>Keeps the newest start time per organization.</summary>
    public void RecordWrite(Guid organizationId, DateTimeOffset startedAt) =>
        _lastWrites.AddOrUpdate(organizationId, startedAt, (_, known) => known >= startedAt ? known : startedAt);

    /// <summary>Keeps usage whose report failed for the next report.</summary>
    public void Restore(IEnumerable<Guid> tokenIds, IEnumerable<OrganizationLastWrite> lastWrites)
    {
        foreach (var tokenId in tokenIds)
        {
            Record(tokenId);
        }

        foreach (var write in lastWrites)
        {
            RecordWrite(write.OrganizationId, write.LastWriteStartedAt);
        }
    }

    public (IReadOnlyList<Guid> TokenIds, IReadOnlyList<OrganizationLastWrite> LastWrites) TakeAll() =>
        (Interlocked.Exchange(ref _used, new ConcurrentDictionary<Guid, byte>()).Keys.ToList(),
            Interlocked.Exchange(ref _lastWrites, new ConcurrentDictionary<Guid, DateTimeOffset>())
                .Select(write => new OrganizationLastWrite(write.Key, write.Value)).ToList());
}
