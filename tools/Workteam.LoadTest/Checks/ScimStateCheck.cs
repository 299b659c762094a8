using System.Text.Json;
using Workteam.LoadTest.Load;
using Workteam.LoadTest.Scim;
using Workteam.LoadTest.Source;

namespace Workteam.LoadTest.Checks;

/// <summary>Reads every user and group of an organization through SCIM paging and compares them with the source.</summary>
internal static class ScimStateCheck
{
    private const int PageSize = 200;

    /// <summary>How many list pages <see cref="CompareAsync"/> reads for the source's users and groups.</summary>
    public static int PagesToRead(SourceDirectory source) =>
        Pages(source.Users.Count(u => !u.Deleted)) + Pages(source.Groups.Count);

    private static int Pages(int resources) => Math.Max(1, (resources + PageSize - 1) / PageSize);

    public static async Task<List<string>> CompareAsync(Tenant tenant, PhaseRecorder phase, CancellationToken cancellationToken)
    {
        var mismatches = new Mismatches($"{tenant} ScimApi");
        var users = await ListAsync(tenant, "Users", phase, mismatches, cancellationToken);
        var groups = await ListAsync(tenant, "Groups", phase, mismatches, cancellationToken);
        if (users is not null)
        {
            CompareUsers(tenant.Source, users, mismatches);
        }

        if (groups is not null)
        {
            CompareGroups(tenant.Source, groups, mismatches);
        }

        return mismatches.All;
    }

    private static void CompareUsers(SourceDirectory source, Dictionary<string, JsonElement> users, Mismatches mismatches)
    {
        foreach (var user in source.Users)
        {
            if (user.ScimId is null)
            {
                mismatches.Add($"user {user} was never provisioned");
                continue;
            }

            var found = users.Remove(user.ScimId, out var resource);
            if (user.Deleted)
            {
                if (found)
                {
                    mismatches.Add($"user {user} was deleted but is still listed");
                }

                continue;
            }

            if (!found)
            {
                mismatches.Add($"user {user} ({user.ScimId}) is missing");
                continue;
            }

            foreach (var attribute in UserAttributes.All.Where(a => a.Source(user) is not null))
            {
                mismatches.Expect($"user {user}", attribute.Path, attribute.Source(user), attribute.Target(resource));
            }

            mismatches.Expect($"user {user}", "active", user.Active ? "true" : "false", UserAttributes.Active(resource)?.ToString().ToLowerInvariant());
            mismatches.Expect($"user {user}", "manager", user.Manager?.ScimId, UserAttributes.ManagerId(resource));
        }

        foreach (var (id, resource) in users)
        {
            mismatches.Add($"user {UserAttributes.Text(resource, "userName")} ({id}) is not in the source");
        }
    }

    private static void CompareGroups(SourceDirectory source, Dictionary<string, JsonElement> groups, Mismatches mismatches)
    {
        foreach (var group in source.Groups)
        {
            if (group.ScimId is null || !groups.Remove(group.ScimId, out var resource))
            {
                mismatches.Add($"group {group} is missing");
                continue;
            }

            mismatches.Expect($"group {group}", "displayName", group.DisplayName, UserAttributes.Text(resource, "displayName"));
            mismatches.Expect($"group {group}", "externalId", group.ExternalId, UserAttributes.Text(resource, "externalId"));
            var expected = group.Members.Select(u => u.ScimId).OfType<string>().ToHashSet();
            var actual = resource.TryGetProperty("members", out var members) && members.ValueKind == JsonValueKind.Array
                ? members.EnumerateArray().Select(m => UserAttributes.Text(m, "value") ?? "").ToHashSet()
                : [];
            mismatches.ExpectMembers($"group {group}", expected, actual, source.Describe);
        }

        foreach (var (id, resource) in groups)
        {
            mismatches.Add($"group {UserAttributes.Text(resource, "displayName")} ({id}) is not in the source");
        }
    }

    /// <summary>Every resource of the type by id, read page by page with startIndex and count; null when a page failed.</summary>
    private static async Task<Dictionary<string, JsonElement>?> ListAsync(
        Tenant tenant, string type, PhaseRecorder phase, Mismatches mismatches, CancellationToken cancellationToken)
    {
        var resources = new Dictionary<string, JsonElement>();
        for (var startIndex = 1; ; )
        {
            var page = await tenant.Scim.GetAsync(phase, $"{type}?startIndex={startIndex}&count={PageSize}", cancellationToken);
            if (page is not { AsExpected: true, Body: { } body })
            {
                mismatches.Add($"listing {type} from {startIndex} answered {page.Status}");
                return null;
            }

            var total = body.GetProperty("totalResults").GetInt32();
            var items = body.TryGetProperty("Resources", out var list) ? list.EnumerateArray().ToList() : [];
            foreach (var item in items)
            {
                if (!resources.TryAdd(item.GetProperty("id").GetString()!, item))
                {
                    mismatches.Add($"{type} paging listed {item.GetProperty("id").GetString()} twice");
                }
            }

            startIndex += items.Count;
            if (items.Count == 0 || startIndex > total)
            {
                if (resources.Count != total)
                {
                    mismatches.Add($"{type} paging gave {resources.Count} resources, totalResults says {total}");
                }

                return resources;
            }
        }
    }
}
