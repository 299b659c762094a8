namespace Workteam.Directory.Pages.Organization;

/// <summary>
/// "Previous" and "Next" for keyset-paged console lists: the cursors of the earlier pages travel in the link
/// (at most <see cref="Length"/> of them), so going back needs no query of its own.
/// </summary>
public sealed record PageTrail(string? Cursor, string? Trail)
{
    public const int Length = 50;

    public bool HasPrevious => Cursor is not null;

    private IEnumerable<string> Cursors => string.IsNullOrEmpty(Trail) ? [] : Trail.Split(',');

    /// <summary>The cursor and trail of the page after this one.</summary>
    public (string? Cursor, string? Trail) Next(string? next) =>
        (next, string.Join(',', Cursors.Append(Cursor ?? "").TakeLast(Length)));

    /// <summary>The cursor and trail of the page before this one ("" in the trail is the first page).</summary>
    public (string? Cursor, string? Trail) Previous()
    {
        var trail = Cursors.ToList();
        return trail.Count == 0
            ? (null, null)
            : (trail[^1] is "" ? null : trail[^1], trail.Count > 1 ? string.Join(',', trail[..^1]) : null);
    }
}
