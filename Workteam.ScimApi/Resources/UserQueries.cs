using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using NpgsqlTypes;
using Workteam.ScimApi.Data;
using Workteam.ScimApi.Data.Queries;
using Workteam.ScimApi.Protocol.Schema;

namespace Workteam.ScimApi.Resources;

/// <summary>Reads users with their manager's name and (when asked) their groups, in one statement.</summary>
public sealed class UserQueries(ScimDbContext db)
{
    public async Task<UserView?> GetAsync(Guid organizationId, Guid id, bool withGroups, CancellationToken cancellationToken)
    {
        var parameters = new SqlParameters();
        var sql = $"{Select(withGroups)} WHERE r.id = {parameters.Add(id, NpgsqlDbType.Uuid)} AND {ScimSql.OfOrganization("r", parameters.Add(organizationId, NpgsqlDbType.Uuid))}";
        var found = await ReadAsync(new SqlStatement(sql, [.. parameters.All]), cancellationToken);
        return found.SingleOrDefault();
    }

    public async Task<(long Total, IReadOnlyList<UserView> Users)> ListAsync(
        Guid organizationId, ListRequest request, bool withGroups, CancellationToken cancellationToken)
    {
        var users = request.Count == 0 ? [] : await ReadAsync(PageStatement(organizationId, request, withGroups), cancellationToken);

        // A first page with room to spare holds everything: no need to count.
        var total = request.StartIndex == 1 && users.Count < request.Count ? users.Count : await CountAsync(organizationId, request, cancellationToken);
        return (total, users);
    }

    /// <summary>The filter's rows, counted; the SQL is made again because each parameter belongs to one command.</summary>
    private Task<long> CountAsync(Guid organizationId, ListRequest request, CancellationToken cancellationToken)
    {
        var (where, _, parameters) = request.ToSql(ScimResourceTypes.User, organizationId);
        return db.ScalarAsync($"SELECT count(*) FROM scim_users r WHERE {where}", parameters.All, cancellationToken);
    }

    /// <summary>
    /// A page of the list. The page's ids come first, from the filter's rows in order: the representation's parts
    /// (the document, the manager's name, the groups) are then read for those rows only, not for every row OFFSET
    /// skips, which PostgreSQL would compute and throw away (docs/decisions/0028-cpu-per-provisioned-user.md).
    /// </summary>
    public static SqlStatement PageStatement(Guid organizationId, ListRequest request, bool withGroups)
    {
        var (where, orderBy, parameters) = request.ToSql(ScimResourceTypes.User, organizationId);
        var sql = $"WITH page AS MATERIALIZED (SELECT r.id FROM scim_users r WHERE {where} ORDER BY {orderBy} "
            + $"LIMIT {request.Count} OFFSET {request.StartIndex - 1}) "
            + $"{Select(withGroups)} WHERE r.id IN (SELECT id FROM page) ORDER BY {orderBy}";
        return new SqlStatement(sql, [.. parameters.All]);
    }

    private static string Select(bool withGroups) =>
        "SELECT r.id, r.organization_id, r.user_name, r.external_id, r.active, r.manager_id, r.email_values, r.resource::text, "
        + "r.version, r.created_at, r.last_modified_at, "
        + "(SELECT coalesce(m.resource->>'displayName', m.user_name) FROM scim_users m WHERE m.id = r.manager_id), "
        + (withGroups
            ? "(SELECT jsonb_agg(jsonb_build_object('value', g.id, 'display', g.display_name) ORDER BY g.display_name)::text "
              + "FROM scim_group_members gm JOIN scim_groups g ON g.id = gm.group_id WHERE gm.user_id = r.id) "
            : "NULL::text ")
        + "FROM scim_users r";

    private Task<List<UserView>> ReadAsync(SqlStatement statement, CancellationToken cancellationToken) =>
        db.QueryAsync(statement.Sql, statement.Parameters, Read, cancellationToken);

    private static UserView Read(DbDataReader reader) => new(
        new ScimUser
        {
            Id = reader.GetGuid(0),
            OrganizationId = reader.GetGuid(1),
            UserName = reader.GetString(2),
            ExternalId = reader.GetNullableString(3),
            Active = reader.GetBoolean(4),
            ManagerId = reader.IsDBNull(5) ? null : reader.GetGuid(5),
            EmailValues = reader.GetFieldValue<string[]>(6),
            Resource = JsonDocument.Parse(reader.GetString(7)),
            Version = reader.GetInt64(8),
            CreatedAt = reader.GetFieldValue<DateTimeOffset>(9),
            LastModifiedAt = reader.GetFieldValue<DateTimeOffset>(10),
        },
        reader.GetNullableString(11),
        reader.GetNullableString(12) is { } groups ? JsonNode.Parse(groups)!.AsArray() : null);
}
