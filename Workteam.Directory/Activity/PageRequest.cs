using System.Globalization;

namespace Workteam.Directory.Activity;

/// <summary>The paging and time filters every log page takes: <c>limit</c>, <c>cursor</c>, <c>q</c>, <c>from</c>, <c>to</c>.</summary>
public sealed record PageRequest(int Limit, KeysetCursor? After, string? Query, DateTimeOffset? From, DateTimeOffset? To)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;
    public const int MaxQueryLength = 200;

    /// <summary>The request, or the reason it is not one (for a 400).</summary>
    public static (PageRequest? Request, string? Error) Parse(string? limit, string? cursor, string? q, string? from, string? to)
    {
        var size = DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size < 1))
        {
            return (null, $"limit must be a whole number from 1 to {MaxLimit} (larger values are capped at {MaxLimit}).");
        }

        KeysetCursor? after = null;
        if (cursor is not null)
        {
            if (!KeysetCursor.TryParse(cursor, out after))
            {
                return (null, "cursor is not one this API gave: pass the \"next\" value of the previous page unchanged.");
            }
        }

        if (q?.Length > MaxQueryLength)
        {
            return (null, $"q must be at most {MaxQueryLength} characters.");
        }

        if (!TryParseInstant(from, out var start) || !TryParseInstant(to, out var end))
        {
            return (null, "from and to must be ISO 8601 instants with an offset, e.g. 2026-12-05T10:00:00Z.");
        }

        if (start > end)
        {
            return (null, "from must not be later than to.");
        }

        var query = string.IsNullOrWhiteSpace(q) ? null : q.Trim();
        return (new PageRequest(Math.Min(size, MaxLimit), after, query, start, end), null);
    }

    private static bool TryParseInstant(string? value, out DateTimeOffset? instant)
    {
        instant = null;
        if (string.IsNullOrEmpty(value))
        {
            return true;
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            instant = parsed;
            return true;
        }

        return false;
    }
}

/// <summary>One page of a log, newest first, and the cursor of the next one (null on the last page).</summary>
public sealed record LogPage<T>(IReadOnlyList<T> Items, string? Next);
