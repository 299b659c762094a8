using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using NpgsqlTypes;
using Workteam.Contracts.Provisioning;
using Workteam.ScimApi.Data;
using Workteam.ScimApi.Data.Queries;
using Workteam.ScimApi.Protocol;
using Workteam.ScimApi.Protocol.Patch;

namespace Workteam.ScimApi.Resources;

/// <summary>
/// Creates, changes and deletes groups. Membership changes are set-based statements on the membership rows,
/// so they cost what changes, never the size of the group. Changes lock the group's row.
/// </summary>
public sealed class GroupStore(ScimDbContext db, ScimWrite write, TimeProvider clock)
{
    public Task<ScimGroup> CreateAsync(Guid organizationId, JsonObject canonical, CancellationToken cancellationToken) =>
        db.InTransactionAsync(async () =>
        {
            var now = ScimTimestamps.Now(clock);
            var group = new ScimGroup { Id = Guid.CreateVersion7(), OrganizationId = organizationId, DisplayName = "", CreatedAt = now, LastModifiedAt = now };
            SetAttributes(group, canonical);
            db.Groups.Add(group);
            db.AddEvent(new GroupCreated(organizationId, group.Id, ++group.Version, now, group.DisplayName, group.ExternalId), write);
            await db.SaveChangesAsync(cancellationToken);
            var members = new MemberDelta();
            await ApplyAsync(group, new AddMembers(MemberIds(canonical)), members, cancellationToken);
            AddMemberEvents(group, members);
            return group;
        }, cancellationToken);

    /// <summary>Applies the plan made from the group's current attributes; null when there is no such group.</summary>
    public Task<ScimGroup?> ChangeAsync(
        Guid organizationId, Guid id, string? ifMatch, Func<JsonObject, GroupPatchPlan> plan, CancellationToken cancellationToken) =>
        db.InTransactionAsync(async () =>
        {
            var group = await LockAsync(organizationId, id, cancellationToken);
            if (group is null)
            {
                return null;
            }

            Preconditions.CheckIfMatch(ifMatch, group.Version);
            var changes = plan(Attributes(group));
            var previousName = group.DisplayName;
            var previousExternalId = group.ExternalId;
            SetAttributes(group, changes.Attributes);
            var members = new MemberDelta();
            foreach (var change in changes.MemberChanges)
            {
                await ApplyAsync(group, change, members, cancellationToken);
            }

            var now = ScimTimestamps.Now(clock);
            var versionBefore = group.Version;
            var renamed = group.DisplayName != previousName;
            if (renamed)
            {
                db.AddEvent(new GroupRenamed(organizationId, id, ++group.Version, now, group.DisplayName), write);
            }

            AddMemberEvents(group, members);
            if (renamed || group.ExternalId != previousExternalId || members.Added.Count + members.Removed.Count > 0)
            {
                group.LastModifiedAt = now;
                // An externalId change alone has no event but still gets a new version (ETag).
                group.Version = Math.Max(group.Version, versionBefore + 1);
            }

            return group;
        }, cancellationToken);

    public Task<bool> DeleteAsync(Guid organizationId, Guid id, string? ifMatch, CancellationToken cancellationToken) =>
        db.InTransactionAsync(async () =>
        {
            var group = await LockAsync(organizationId, id, cancellationToken);
            if (group is null)
            {
                return false;
            }

            Preconditions.CheckIfMatch(ifMatch, group.Version);
            db.Groups.Remove(group);
            db.AddEvent(new GroupDeleted(organizationId, id, group.Version + 1, ScimTimestamps.Now(clock)), write);
            return true;
        }, cancellationToken);

    public static JsonObject Attributes(ScimGroup group)
    {
        var attributes = new JsonObject { ["displayName"] = group.DisplayName };
        if (group.ExternalId is not null)
        {
            attributes["externalId"] = group.ExternalId;
        }

        return attributes;
    }

    public static IReadOnlyList<string> MemberIds(JsonObject canonical) =>
        canonical["members"] is JsonArray members
            ? [.. members.OfType<JsonObject>().Select(m => m["value"]!.GetValue<string>()).Distinct()]
            : [];

    private static void SetAttributes(ScimGroup group, JsonObject attributes)
    {
        group.DisplayName = attributes["displayName"]!.GetValue<string>();
        group.ExternalId = attributes["externalId"]?.GetValue<string>();
    }

    private async Task ApplyAsync(ScimGroup group, MemberChange change, MemberDelta delta, CancellationToken cancellationToken)
    {
        var parameters = new SqlParameters();
        var groupId = parameters.Add(group.Id, NpgsqlDbType.Uuid);
        switch (change)
        {
            case AddMembers add when add.UserIds.Count > 0:
                var toAdd = await ExistingUsersAsync(group.OrganizationId, add.UserIds, cancellationToken);
                delta.Add(await db.QueryGuidsAsync(
                    $"INSERT INTO scim_group_members (group_id, user_id, organization_id) SELECT {groupId}, unnest({Ids(parameters, toAdd)}), {parameters.Add(group.OrganizationId, NpgsqlDbType.Uuid)} "
                    + "ON CONFLICT DO NOTHING RETURNING user_id",
                    parameters.All, cancellationToken));
                break;
            case RemoveMembers remove when remove.UserIds.Count > 0:
                var toRemove = remove.UserIds.Select(v => Guid.TryParse(v, out var userId) ? userId : Guid.Empty).Where(g => g != Guid.Empty).ToList();
                delta.Remove(await db.QueryGuidsAsync(
                    $"DELETE FROM scim_group_members WHERE group_id = {groupId} AND user_id = ANY({Ids(parameters, toRemove)}) RETURNING user_id",
                    parameters.All, cancellationToken));
                break;
            case RemoveAllMembers:
                delta.Remove(await db.QueryGuidsAsync(
                    $"DELETE FROM scim_group_members WHERE group_id = {groupId} RETURNING user_id", parameters.All, cancellationToken));
                break;
            case ReplaceMembers replace:
                var members = await ExistingUsersAsync(group.OrganizationId, replace.UserIds, cancellationToken);
                delta.Remove(await db.QueryGuidsAsync(
                    $"DELETE FROM scim_group_members WHERE group_id = {groupId} AND NOT (user_id = ANY({Ids(parameters, members)})) RETURNING user_id",
                    parameters.All, cancellationToken));
                await ApplyAsync(group, new AddMembers([.. members.Select(m => m.ToString())]), delta, cancellationToken);
                break;
        }
    }

    /// <summary>Members must be users of the same organization; the ids are checked with one indexed query.</summary>
    private async Task<List<Guid>> ExistingUsersAsync(Guid organizationId, IReadOnlyList<string> values, CancellationToken cancellationToken)
    {
        var ids = new List<Guid>(values.Count);
        foreach (var value in values)
        {
            ids.Add(Guid.TryParse(value, out var id) && id != Guid.Empty ? id : throw NotAUser(value));
        }

        var parameters = new SqlParameters();
        var found = await db.QueryGuidsAsync(
            $"SELECT id FROM scim_users u WHERE id = ANY({Ids(parameters, ids)}) AND {ScimSql.OfOrganization("u", parameters.Add(organizationId, NpgsqlDbType.Uuid))}",
            parameters.All, cancellationToken);
        var missing = ids.Except(found).ToList();
        return missing.Count == 0 ? ids.Distinct().ToList() : throw NotAUser(missing[0].ToString());
    }

    private static ScimProtocolException NotAUser(string value) =>
        new(400, "invalidValue", $"members: '{value}' is not a user of this organization (groups hold users only).");

    private static string Ids(SqlParameters parameters, IEnumerable<Guid> ids) =>
        parameters.Add(ids.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Uuid);

    private void AddMemberEvents(ScimGroup group, MemberDelta members)
    {
        var now = ScimTimestamps.Now(clock);
        if (members.Added.Count > 0)
        {
            db.AddEvent(new GroupMembersAdded(group.OrganizationId, group.Id, ++group.Version, now, [.. members.Added]), write);
        }

        if (members.Removed.Count > 0)
        {
            db.AddEvent(new GroupMembersRemoved(group.OrganizationId, group.Id, ++group.Version, now, [.. members.Removed]), write);
        }
    }

    /// <summary>The net effect of a request's membership changes: adding then removing someone is no change.</summary>
    private sealed class MemberDelta
    {
        public HashSet<Guid> Added { get; } = [];

        public HashSet<Guid> Removed { get; } = [];

        public void Add(IEnumerable<Guid> ids)
        {
            foreach (var id in ids)
            {
                if (!Removed.Remove(id))
                {
                    Added.Add(id);
                }
            }
        }

        public void Remove(IEnumerable<Guid> ids)
        {
            foreach (var id in ids)
            {
                if (!Added.Remove(id))
                {
                    Removed.Add(id);
                }
            }
        }
    }

    /// <summary>Loads the group for change, locking its row until the transaction ends (found by primary key: <see cref="ScimSql.OfOrganization"/>).</summary>
    private async Task<ScimGroup?> LockAsync(Guid organizationId, Guid id, CancellationToken cancellationToken) =>
        (await db.Groups
            .FromSql($"SELECT * FROM scim_groups WHERE id = {id} AND organization_id IS NOT DISTINCT FROM {organizationId} FOR UPDATE")
            .ToListAsync(cancellationToken)).SingleOrDefault();
}
