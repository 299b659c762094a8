using System.Text.Json;
using Workteam.LoadTest.Load;
using Workteam.LoadTest.Scim;
using Workteam.LoadTest.Source;

namespace Workteam.LoadTest.Cycles;

/// <summary>The request sequences Entra's provisioning service sends for one object, with the statuses it expects.</summary>
internal static class EntraRequests
{
    private static readonly int[] Created = [201];
    private static readonly int[] Ok = [200];
    private static readonly int[] NoContent = [204];
    private static readonly int[] GroupPatched = [204, 200];

    /// <summary>Test Connection: a query for a user (and a group) that cannot exist must answer 200 with nothing found.</summary>
    public static async Task TestConnectionAsync(Tenant tenant, PhaseRecorder phase, CancellationToken cancellationToken)
    {
        await tenant.Scim.GetAsync(phase, $"Users?filter={Filter("userName", Guid.NewGuid().ToString())}", cancellationToken);
        await tenant.Scim.GetAsync(phase, $"Groups?excludedAttributes=members&filter={Filter("displayName", Guid.NewGuid().ToString())}", cancellationToken);
    }

    /// <summary>
    /// Matches the user by userName, then creates it, or updates it where it differs from the source. A create
    /// re-sent after no answer that finds the user created (409) matches it again.
    /// </summary>
    public static async Task MatchAndProvisionUserAsync(Tenant tenant, SourceUser user, PhaseRecorder phase, CancellationToken cancellationToken)
    {
        var query = await tenant.Scim.GetAsync(phase, $"Users?filter={Filter("userName", user.UserName)}", cancellationToken);
        if (FirstResource(query) is { } existing)
        {
            user.ScimId = existing.GetProperty("id").GetString();
            await PatchDifferencesAsync(tenant, user, existing, phase, cancellationToken);
            return;
        }

        if (query.AsExpected)
        {
            var created = await tenant.Scim.SendAsync(phase, HttpMethod.Post, "Users", ScimBodies.CreateUser(user), Created, cancellationToken);
            user.ScimId = created.Status == 409
                ? FirstResource(await tenant.Scim.GetAsync(phase, $"Users?filter={Filter("userName", user.UserName)}", cancellationToken))?.GetProperty("id").GetString()
                : Id(created);
        }
    }

    /// <summary>An incremental change of a provisioned user: read it by its cached id, then PATCH what differs.</summary>
    public static async Task UpdateUserAsync(Tenant tenant, SourceUser user, PhaseRecorder phase, CancellationToken cancellationToken)
    {
        var current = await tenant.Scim.GetAsync(phase, $"Users/{user.ScimId}", cancellationToken);
        if (current is { AsExpected: true, Body: { } resource })
        {
            await PatchDifferencesAsync(tenant, user, resource, phase, cancellationToken);
        }
    }

    public static Task DeleteUserAsync(Tenant tenant, SourceUser user, PhaseRecorder phase, CancellationToken cancellationToken) =>
        tenant.Scim.SendAsync(phase, HttpMethod.Delete, $"Users/{user.ScimId}", null, NoContent, cancellationToken);

    /// <summary>
    /// Sets the user's manager. For a user that already had one, Entra first checks whether the reference already
    /// has the value (<c>id eq … and manager eq …</c>).
    /// </summary>
    public static async Task SetManagerAsync(Tenant tenant, SourceUser user, bool hadManager, PhaseRecorder phase, CancellationToken cancellationToken)
    {
        if (user.ScimId is null || user.Manager?.ScimId is not { } managerId)
        {
            return;
        }

        if (hadManager)
        {
            var check = await tenant.Scim.GetAsync(phase,
                $"Users?filter={Uri.EscapeDataString($"id eq \"{user.ScimId}\" and manager eq \"{managerId}\"")}&attributes=id", cancellationToken);
            if (FirstResource(check) is not null)
            {
                return;
            }
        }

        await tenant.Scim.SendAsync(phase, HttpMethod.Patch, $"Users/{user.ScimId}",
            ScimBodies.ManagerPatch(managerId, hadManager, tenant.Scim.Dialect), Ok, cancellationToken);
    }

    /// <summary>Matches the group by displayName (without members), and creates it without members if absent.</summary>
    public static async Task MatchAndProvisionGroupAsync(Tenant tenant, SourceGroup group, PhaseRecorder phase, CancellationToken cancellationToken)
    {
        var query = await tenant.Scim.GetAsync(phase, $"Groups?excludedAttributes=members&filter={Filter("displayName", group.DisplayName)}", cancellationToken);
        if (FirstResource(query) is { } existing)
        {
            group.ScimId = existing.GetProperty("id").GetString();
        }
        else if (query.AsExpected)
        {
            var created = await tenant.Scim.SendAsync(phase, HttpMethod.Post, "Groups", ScimBodies.CreateGroup(group), Created, cancellationToken);
            group.ScimId = created.Status == 409
                ? FirstResource(await tenant.Scim.GetAsync(phase, $"Groups?excludedAttributes=members&filter={Filter("displayName", group.DisplayName)}", cancellationToken))?.GetProperty("id").GetString()
                : Id(created);
        }
    }

    /// <summary>Adds or removes members in batches, one PATCH after another as Entra does for one group.</summary>
    public static async Task ChangeMembersAsync(
        Tenant tenant, SourceGroup group, bool add, IEnumerable<SourceUser> users, int batchSize, PhaseRecorder phase, CancellationToken cancellationToken)
    {
        if (group.ScimId is null)
        {
            return;
        }

        var ids = users.Select(u => u.ScimId).OfType<string>().ToList();
        foreach (var batch in ids.Chunk(Math.Max(1, batchSize)))
        {
            await tenant.Scim.SendAsync(phase, HttpMethod.Patch, $"Groups/{group.ScimId}",
                ScimBodies.MembersPatch(add, batch, tenant.Scim.Dialect), GroupPatched, cancellationToken);
        }
    }

    public static int MemberRequests(int members, int batchSize) => (members + Math.Max(1, batchSize) - 1) / Math.Max(1, batchSize);

    private static async Task PatchDifferencesAsync(Tenant tenant, SourceUser user, JsonElement resource, PhaseRecorder phase, CancellationToken cancellationToken)
    {
        var changes = UserAttributes.Differences(user, resource);
        bool? active = UserAttributes.Active(resource) == user.Active ? null : user.Active;
        if (changes.Count > 0 || active is not null)
        {
            await tenant.Scim.SendAsync(phase, HttpMethod.Patch, $"Users/{user.ScimId}",
                ScimBodies.UserPatch(changes, active, tenant.Scim.Dialect), Ok, cancellationToken, disables: active == false ? user.ScimId : null);
        }
    }

    private static JsonElement? FirstResource(ScimResponse response) =>
        response is { AsExpected: true, Body: { } body }
        && body.TryGetProperty("Resources", out var resources) && resources.ValueKind == JsonValueKind.Array && resources.GetArrayLength() > 0
            ? resources[0]
            : null;

    private static string? Id(ScimResponse response) =>
        response is { AsExpected: true, Body: { } body } && body.TryGetProperty("id", out var id) ? id.GetString() : null;

    private static string Filter(string attribute, string value) =>
        Uri.EscapeDataString($"{attribute} eq \"{value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"");
}
