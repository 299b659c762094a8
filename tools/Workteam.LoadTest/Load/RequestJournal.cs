namespace Workteam.LoadTest.Load;

/// <summary>
/// One SCIM request and what Entra was finally told: its status (0: no answer), and how often it was re-sent after
/// a 5xx, a 429 or no answer. <see cref="DisabledUser"/> is the SCIM id of the user a PATCH disables.
/// </summary>
public sealed record JournaledRequest(
    string Method,
    string Path,
    DateTimeOffset FirstSentAt,
    DateTimeOffset AnsweredAt,
    int Status,
    int ServerErrors,
    int Throttled,
    int Unanswered,
    string? DisabledUser);

/// <summary>Every SCIM request of a run, in the order they were answered.</summary>
public sealed class RequestJournal
{
    private readonly Lock _lock = new();
    private readonly List<JournaledRequest> _requests = [];
    private int _started;

    /// <summary>Requests sent so far, answered or not.</summary>
    public int Started => Volatile.Read(ref _started);

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _requests.Count;
            }
        }
    }

    /// <summary>The requests answered from the <paramref name="first"/>th on.</summary>
    public IReadOnlyList<JournaledRequest> From(int first)
    {
        lock (_lock)
        {
            return _requests.Skip(first).ToList();
        }
    }

    internal void Starting() => Interlocked.Increment(ref _started);

    internal void Add(JournaledRequest request)
    {
        lock (_lock)
        {
            _requests.Add(request);
        }
    }
}
