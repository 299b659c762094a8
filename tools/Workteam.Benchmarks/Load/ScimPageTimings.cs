using Workteam.LoadTest;

namespace Workteam.Benchmarks.Load;

/// <summary>
/// The SCIM list pages a client reads through the gateway in one organization of the sync, as Entra's or the load
/// tool's read-back does: pages of 200 users at the start, halfway and at the end, and a page of 100 groups with
/// their members.
/// </summary>
public static class ScimPageTimings
{
    public const int UsersPage = 200;
    public const int GroupsPage = 100;

    public static async Task<IReadOnlyList<RequestTiming>> MeasureAsync(Uri gateway, ProvisionedOrganization organization, int usersCount)
    {
        using var client = new AdminRequestTimer(gateway, organization.ScimToken);
        var users = $"/scim/v2/{organization.Id}/Users?count={UsersPage}&startIndex=";
        var halfway = usersCount / 2 + 1;
        var last = Math.Max(1, usersCount - UsersPage + 1);
        return
        [
            await client.TimeScimListAsync($"SCIM users: first page of {UsersPage}", $"{users}1"),
            await client.TimeScimListAsync($"SCIM users: page of {UsersPage} from {halfway:N0}", $"{users}{halfway}"),
            await client.TimeScimListAsync($"SCIM users: page of {UsersPage} from {last:N0}", $"{users}{last}"),
            await client.TimeScimListAsync($"SCIM groups with members: first page of {GroupsPage}", $"/scim/v2/{organization.Id}/Groups?count={GroupsPage}&startIndex=1"),
        ];
    }
}
