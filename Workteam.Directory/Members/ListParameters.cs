using System.Globalization;
using Workteam.Directory.Activity;
using Workteam.Directory.Data;

namespace Workteam.Directory.Members;

/// <summary>The query of a member or team list: <c>q</c>, filters, <c>limit</c> (50, at most 200) and <c>cursor</c>.</summary>
public sealed record ListParameters(MemberFilter Filter, int Limit, NameCursor? After)
{
    /// <summary>The parameters, or the reason they are not valid (for a 400).</summary>
    public static (ListParameters? Parameters, string? Error) Parse(
        string? q, string? status, string? role, string? managed, string? team, string? limit, string? cursor)
    {
        var size = PageRequest.DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size < 1))
        {
            return (null, $"limit must be a whole number from 1 to {PageRequest.MaxLimit} (larger values are capped at {PageRequest.MaxLimit}).");
        }

        NameCursor? after = null;
        if (cursor is not null && !NameCursor.TryParse(cursor, out after))
        {
            return (null, "cursor is not one this API gave: pass the \"next\" value of the previous page unchanged.");
        }

        if (q?.Length > PageRequest.MaxQueryLength)
        {
            return (null, $"q must be at most {PageRequest.MaxQueryLength} characters.");
        }

        if (!TryParseEnum<AccountStatus>(status, out var statusFilter))
        {
            return (null, "status must be Active or Suspended.");
        }

        if (!TryParseEnum<AccountRole>(role, out var roleFilter))
        {
            return (null, "role must be Admin or Member.");
        }

        bool? managedFilter = null;
        if (managed is not null)
        {
            if (!bool.TryParse(managed, out var value))
            {
                return (null, "managed must be true or false.");
            }

            managedFilter = value;
        }

        Guid? teamFilter = null;
        if (team is not null)
        {
            if (!Guid.TryParse(team, out var teamId))
            {
                return (null, "team must be a team id.");
            }

            teamFilter = teamId;
        }

        var query = string.IsNullOrWhiteSpace(q) ? null : q.Trim();
        return (new ListParameters(new MemberFilter(query, statusFilter, roleFilter, managedFilter, teamFilter), Math.Min(size, PageRequest.MaxLimit), after), null);
    }

    private static bool TryParseEnum<T>(string? value, out T? parsed)
        where T : struct, Enum
    {
        parsed = null;
        if (value is null)
        {
            return true;
        }

        if (!int.TryParse(value, out _) && Enum.TryParse<T>(value, ignoreCase: true, out var result))
        {
            parsed = result;
            return true;
        }

        return false;
    }
}
