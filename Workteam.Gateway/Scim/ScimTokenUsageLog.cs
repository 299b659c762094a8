using System.Collections.Concurrent;

namespace Workteam.Gateway.Scim;

/// <summary>Remembers which tokens were used since the last report, for the console's "last used" column.</summary>
public sealed class ScimTokenUsageLog
{
    private ConcurrentDictionary<Guid, byte> _used = new();

    public void Record(Guid tokenId) => _used.TryAdd(tokenId, 0);

    /// <summary>Keeps usage whose report failed for the next report.</summary>
    public void Restore(IEnumerable<Guid> tokenIds)
    {
        foreach (var tokenId in tokenIds)
        {
            Record(tokenId);
        }
    }

    public IReadOnlyList<Guid> TakeAll() => Interlocked.Exchange(ref _used, new ConcurrentDictionary<Guid, byte>()).Keys.ToList();
}
