using Workteam.ScimApi.Data.Queries;
using Workteam.ScimApi.Protocol;
using Workteam.ScimApi.Protocol.Filters;
using Workteam.ScimApi.Protocol.Schema;
using NpgsqlTypes;

namespace Workteam.ScimApi.Resources;

/// <summary>RFC 7644 §3.4.2 query parameters, already normalised (startIndex ≥ 1, 0 ≤ count ≤ the cap).</summary>
public sealed record ListRequest(string? Filter, string? SortBy, string? SortOrder, int StartIndex, int Count)
{
    public const int MaxResults = 200;
    public const int DefaultCount = 100;

    public static ListRequest From(string? filter, string? sortBy, string? sortOrder, string? startIndex, string? count)
    {
        var start = ParseInteger(startIndex, "startIndex") ?? 1;
        var size = ParseInteger(count, "count") ?? DefaultCount;
        return new ListRequest(
            string.IsNullOrWhiteSpace(filter) ? null : filter,
            string.IsNullOrWhiteSpace(sortBy) ? null : sortBy,
            sortOrder,
            Math.Max(1, start),
            Math.Clamp(size, 0, MaxResults));
    }

    /// <summary>The WHERE condition and ORDER BY of this request over the row alias <c>r</c>.</summary>
    public (string Where, string OrderBy, SqlParameters Parameters) ToSql(ScimResourceType type, Guid organizationId)
    {
        var parameters = new SqlParameters();
        var translator = new SqlFilterTranslator(type, parameters);
        var where = $"r.organization_id = {parameters.Add(organizationId, NpgsqlDbType.Uuid)}";
        if (Filter is not null)
        {
            where += $" AND {translator.Translate(ScimFilterParser.Parse(Filter))}";
        }

        var orderBy = "r.created_at, r.id";
        if (SortBy is not null)
        {
            var descending = SortOrder?.Trim().ToLowerInvariant() switch
            {
                null or "" or "ascending" => false,
                "descending" => true,
                _ => throw new ScimProtocolException(400, "invalidValue", $"sortOrder must be 'ascending' or 'descending', not '{SortOrder}'."),
            };
            var path = ScimFilterParser.ParsePatchPath(SortBy);
            if (path.ValueFilter is not null)
            {
                throw new ScimProtocolException(400, "invalidValue", $"sortBy names one attribute, not a filter: '{SortBy}'.");
            }

            orderBy = $"{translator.OrderBy(path.Attribute)} {(descending ? "DESC NULLS LAST" : "ASC NULLS LAST")}, r.id";
        }

        return (where, orderBy, parameters);
    }

    private static int? ParseInteger(string? text, string name)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return long.TryParse(text, out var value)
            ? (int)Math.Clamp(value, int.MinValue, int.MaxValue)
            : throw new ScimProtocolException(400, "invalidValue", $"{name} must be an integer, not '{text}'.");
    }
}
