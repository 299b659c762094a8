using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Workteam.Contracts.Provisioning;
using Workteam.ScimApi.Data;
using Workteam.ScimApi.Data.Queries;
using Workteam.ScimApi.Protocol;

namespace Workteam.ScimApi.Resources;

/// <summary>
/// Creates, changes and deletes users. Each call is one transaction holding the change and its lifecycle events.
/// Changes lock the user's row, so concurrent changes of one user apply one after the other.
/// </summary>
public sealed class UserStore(ScimDbContext db, ScimWrite write, TimeProvider clock)
{
    /// <summary>
    /// Creates the user and answers it as stored: a new user is in no group, and its manager's name comes with the
    /// manager check, so nothing is read back.
    /// </summary>
    public Task<UserView> CreateAsync(Guid organizationId, JsonObject canonical, CancellationToken cancellationToken) =>
        db.InTransactionAsync(async () =>
        {
            var now = ScimTimestamps.Now(clock);
            var user = new ScimUser
            {
                Id = Guid.CreateVersion7(),
                OrganizationId = organizationId,
                UserName = "",
                Resource = JsonDocument.Parse("{}"),
                Version = 1,
                CreatedAt = now,
                LastModifiedAt = now,
            };
            var manager = await ManagerAsync(organizationId, user.Id, canonical, cancellationToken);
            UserDocuments.Store(user, canonical, manager?.Id);
            db.Users.Add(user);
            db.AddEvent(new UserProvisioned(organizationId, user.Id, user.Version, now, UserDocuments.Profile(user)), write);
            return new UserView(user, manager?.DisplayName, Groups: null);
        }, cancellationToken);

    /// <summary>Applies <paramref name="change"/> to the user's canonical resource; null when there is no such user.</summary>
    public Task<ScimUser?> ChangeAsync(
        Guid organizationId, Guid id, string? ifMatch, Func<JsonObject, JsonObject> change, CancellationToken cancellationToken) =>
        db.InTransactionAsync(async () =>
        {
            var user = await LockAsync(organizationId, id, cancellationToken);
            if (user is null)
            {
                return null;
            }

            Preconditions.CheckIfMatch(ifMatch, user.Version);
            var before = UserDocuments.Canonical(user);
            var after = change(before.DeepClone().AsObject());
            if (JsonNode.DeepEquals(before, after))
            {
                return user;
            }

            var previous = new { user.Active, Roles = UserDocuments.Roles(user.Resource.RootElement), Profile = UserDocuments.Profile(user) };
            UserDocuments.Store(user, after, (await ManagerAsync(organizationId, user.Id, after, cancellationToken))?.Id);
            user.LastModifiedAt = ScimTimestamps.Now(clock);
            AddChangeEvents(user, previous.Active, previous.Roles, previous.Profile);
            return user;
        }, cancellationToken);

    /// <summary>Deletes the user, who leaves every group; false when there is no such user.</summary>
    public Task<bool> DeleteAsync(Guid organizationId, Guid id, string? ifMatch, CancellationToken cancellationToken) =>
        db.InTransactionAsync(async () =>
        {
            var user = await LockAsync(organizationId, id, cancellationToken);
            if (user is null)
            {
                return false;
            }

            Preconditions.CheckIfMatch(ifMatch, user.Version);
            var now = ScimTimestamps.Now(clock);
            // Groups that lose the user and users who lose their manager change too: their versions move on.
            await db.Database.ExecuteSqlAsync(
                $"UPDATE scim_groups SET version = version + 1, last_modified_at = {now} WHERE id IN (SELECT group_id FROM scim_group_members WHERE user_id = {id})",
                cancellationToken);
            await db.Database.ExecuteSqlAsync(
                $"UPDATE scim_users SET version = version + 1, last_modified_at = {now} WHERE manager_id = {id}", cancellationToken);
            db.Users.Remove(user);
            db.AddEvent(new UserDeleted(organizationId, id, user.Version + 1, now), write);
            return true;
        }, cancellationToken);

    private void AddChangeEvents(ScimUser user, bool wasActive, IReadOnlyList<string> previousRoles, ScimUserProfile previousProfile)
    {
        var at = user.LastModifiedAt;
        var profile = UserDocuments.Profile(user);
        var roles = UserDocuments.Roles(user.Resource.RootElement);
        var rolesChanged = !roles.SequenceEqual(previousRoles);
        var activeChanged = wasActive != user.Active;
        // Any other change (a phone number, say) is still a change Directory hears of.
        if (!ProfileEquals(profile, previousProfile) || (!rolesChanged && !activeChanged))
        {
            db.AddEvent(new UserUpdated(user.OrganizationId, user.Id, ++user.Version, at, profile), write);
        }

        if (rolesChanged)
        {
            db.AddEvent(new UserRolesChanged(user.OrganizationId, user.Id, ++user.Version, at, profile), write);
        }

        if (activeChanged)
        {
            if (user.Active)
            {
                db.AddEvent(new UserReactivated(user.OrganizationId, user.Id, ++user.Version, at, profile), write);
            }
            else
            {
                db.AddEvent(new UserDeactivated(user.OrganizationId, user.Id, ++user.Version, at, profile), write);
            }
        }
    }

    /// <summary>
    /// Equal apart from roles and active (records compare lists and dictionaries by reference, so emails and other
    /// attributes are compared item by item).
    /// </summary>
    private static bool ProfileEquals(ScimUserProfile a, ScimUserProfile b) =>
        a with { Emails = NoEmails, Roles = NoRoles, Active = true, OtherAttributes = null }
            == b with { Emails = NoEmails, Roles = NoRoles, Active = true, OtherAttributes = null }
        && a.Emails.SequenceEqual(b.Emails)
        && (a.OtherAttributes ?? NoAttributes).OrderBy(p => p.Key, StringComparer.Ordinal).SequenceEqual((b.OtherAttributes ?? NoAttributes).OrderBy(p => p.Key, StringComparer.Ordinal));

    private static readonly IReadOnlyDictionary<string, string> NoAttributes = new Dictionary<string, string>();

    private static readonly IReadOnlyList<ScimUserEmail> NoEmails = [];
    private static readonly IReadOnlyList<string> NoRoles = [];

    private sealed record Manager(Guid Id, string DisplayName);

    /// <summary>The manager a resource names must be another user of the same organization.</summary>
    private async Task<Manager?> ManagerAsync(Guid organizationId, Guid userId, JsonObject canonical, CancellationToken cancellationToken)
    {
        if (UserDocuments.ManagerValue(canonical) is not { } value)
        {
            return null;
        }

        var parameters = new SqlParameters();
        var found = Guid.TryParse(value, out var managerId) && managerId != userId
            ? await db.QueryAsync(
                "SELECT coalesce(m.resource->>'displayName', m.user_name) FROM scim_users m "
                + $"WHERE m.id = {parameters.Add(managerId, NpgsqlDbType.Uuid)} AND {ScimSql.OfOrganization("m", parameters.Add(organizationId, NpgsqlDbType.Uuid))}",
                parameters.All, reader => reader.GetString(0), cancellationToken)
            : [];
        return found.Count == 1
            ? new Manager(managerId, found[0])
            : throw new ScimProtocolException(400, "invalidValue", $"manager '{value}' is not another user of this organization.");
    }

    /// <summary>Loads the user for change, locking its row until the transaction ends (found by primary key: <see cref="ScimSql.OfOrganization"/>).</summary>
    private async Task<ScimUser?> LockAsync(Guid organizationId, Guid id, CancellationToken cancellationToken) =>
        (await db.Users
            .FromSql($"SELECT * FROM scim_users WHERE id = {id} AND organization_id IS NOT DISTINCT FROM {organizationId} FOR UPDATE")
            .ToListAsync(cancellationToken)).SingleOrDefault();
}
