using System.Data.Common;
using Npgsql;
using NpgsqlTypes;
using Workteam.ScimApi.Data;
using Workteam.ScimApi.Data.Queries;
using Workteam.ScimApi.Protocol.Schema;

namespace Workteam.ScimApi.Resources;

/// <summary>One member as a group's representation lists it.</summary>
public sealed record GroupMemberView(Guid UserId, string Display);

/// <summary>A stored group; <see cref="Members"/> is null when they were not asked for (and so never loaded).</summary>
public sealed record GroupView(ScimGroup Group, IReadOnlyList<GroupMemberView>? Members);

public sealed class GroupQueries(ScimDbContext db)
{
    private const string Select = "SELECT r.id, r.organization_id, r.display_name, r.external_id, r.version, r.created_at, r.last_modified_at FROM scim_groups r";

    public async Task<GroupView?> GetAsync(Guid organizationId, Guid id, bool withMembers, CancellationToken cancellationToken)
    {
        var parameters = new SqlParameters();
        var sql = $"{Select} WHERE r.id = {parameters.Add(id, NpgsqlDbType.Uuid)} AND {ScimSql.OfOrganization("r", parameters.Add(organizationId, NpgsqlDbType.Uuid))}";
        var groups = await ReadAsync(sql, parameters.All, cancellationToken);
        return groups.Count == 0 ? null : (await WithMembersAsync(groups, withMembers, cancellationToken))[0];
    }

    public async Task<(long Total, IReadOnlyList<GroupView> Groups)> ListAsync(
        Guid organizationId, ListRequest request, bool withMembers, CancellationToken cancellationToken)
    {
        var (where, orderBy, parameters) = request.ToSql(ScimResourceTypes.Group, organizationId);
        var groups = request.Count == 0
            ? []
            : await ReadAsync($"{Select} WHERE {where} ORDER BY {orderBy} LIMIT {request.Count} OFFSET {request.StartIndex - 1}", parameters.All, cancellationToken);
        var total = request.StartIndex == 1 && groups.Count < request.Count ? groups.Count : await CountAsync(organizationId, request, cancellationToken);
        return (total, await WithMembersAsync(groups, withMembers, cancellationToken));
    }

    /// <summary>The filter's rows, counted; the SQL is made again because each parameter belongs to one command.</summary>
    private Task<long> CountAsync(Guid organizationId, ListRequest request, CancellationToken cancellationToken)
    {
        var (where, _, parameters) = request.ToSql(ScimResourceTypes.Group, organizationId);
        return db.ScalarAsync($"SELECT count(*) FROM scim_groups r WHERE {where}", parameters.All, cancellationToken);
    }

    private async Task<IReadOnlyList<GroupView>> WithMembersAsync(List<ScimGroup> groups, bool withMembers, CancellationToken cancellationToken)
    {
        if (!withMembers || groups.Count == 0)
        {
            return [.. groups.Select(g => new GroupView(g, withMembers ? [] : null))];
        }

        var statement = MembersStatement([.. groups.Select(g => g.Id)]);
        var members = await db.QueryAsync(
            statement.Sql, statement.Parameters, reader => (GroupId: reader.GetGuid(0), Member: new GroupMemberView(reader.GetGuid(1), reader.GetString(2))), cancellationToken);
        var byGroup = members.ToLookup(m => m.GroupId, m => m.Member);
        return [.. groups.Select(g => new GroupView(g, [.. byGroup[g.Id]]))];
    }

    /// <summary>
    /// The members of <paramref name="groupIds"/> with each one's display name, in group and user order. The name is
    /// a sub-select by the user's id: as a join, PostgreSQL hashes the users table once it expects thousands of
    /// members, reading every user of every organization (decision 0029).
    /// </summary>
    public static SqlStatement MembersStatement(Guid[] groupIds)
    {
        var parameters = new SqlParameters();
        var sql = "SELECT gm.group_id, gm.user_id, "
            + "(SELECT coalesce(u.resource->>'displayName', u.user_name) FROM scim_users u WHERE u.id = gm.user_id) "
            + $"FROM scim_group_members gm WHERE gm.group_id = ANY({parameters.Add(groupIds, NpgsqlDbType.Array | NpgsqlDbType.Uuid)}) "
            + "ORDER BY gm.group_id, gm.user_id";
        return new SqlStatement(sql, parameters.All);
    }

    private Task<List<ScimGroup>> ReadAsync(string sql, IEnumerable<NpgsqlParameter> parameters, CancellationToken cancellationToken) =>
        db.QueryAsync(sql, parameters, Read, cancellationToken);

    private static ScimGroup Read(DbDataReader reader) => new()
    {
        Id = reader.GetGuid(0),
        OrganizationId = reader.GetGuid(1),
        DisplayName = reader.GetString(2),
        ExternalId = reader.GetNullableString(3),
        Version = reader.GetInt64(4),
        CreatedAt = reader.GetFieldValue<DateTimeOffset>(5),
        LastModifiedAt = reader.GetFieldValue<DateTimeOffset>(6),
    };
}
