using System.Globalization;
using System.Text.Json;
using Workteam.LoadTest;

namespace Workteam.Benchmarks.Load;

/// <summary>
/// The members and teams an admin browses in one organization of the sync: the first page, a later page, a search
/// and each filter of the APIs, and the console pages that show them.
/// </summary>
public static class MembersAndTeamsTimings
{
    public static async Task<IReadOnlyList<RequestTiming>> MeasureAsync(Uri gateway, ProvisionedOrganization organization, int membersCount)
    {
        using var admin = new AdminRequestTimer(gateway, organization.AdminAccessToken);
        var accounts = $"/api/organizations/{organization.Id}/accounts";
        var teams = $"/api/organizations/{organization.Id}/teams";
        var someone = await FirstItemAsync(admin, await admin.ApiCursorAsync(accounts, 1));
        var team = await FirstItemAsync(admin, teams);
        var teamId = team.GetProperty("teamId").GetString();
        var members = $"{teams}/{teamId}/members";
        // A search an admin would type: the start of a name that matches one member.
        var name = Uri.EscapeDataString(someone.GetProperty("userName").GetString()!.Split('@')[0]);
        var teamName = Uri.EscapeDataString(team.GetProperty("displayName").GetString()!);

        var halfway = Math.Max(1, membersCount / 2 / 200);

        return
        [
            await admin.TimeApiAsync("accounts API: first page", accounts),
            await admin.TimeApiAsync($"accounts API: a page {halfway * 200:N0} members in", await admin.ApiCursorAsync($"{accounts}?limit=200", halfway)),
            await admin.TimeApiAsync("accounts API: search by name", $"{accounts}?q={name}"),
            await admin.TimeApiAsync("accounts API: suspended", $"{accounts}?status=Suspended"),
            await admin.TimeApiAsync("accounts API: admins", $"{accounts}?role=Admin"),
            await admin.TimeApiAsync("accounts API: managed by Entra", $"{accounts}?managed=true"),
            await admin.TimeApiAsync("accounts API: one team", $"{accounts}?team={teamId}"),
            await admin.TimeApiAsync("teams API: first page", teams),
            await admin.TimeApiAsync("teams API: third page of 20", await admin.ApiCursorAsync($"{teams}?limit=20", 2)),
            await admin.TimeApiAsync("teams API: search", $"{teams}?q={teamName}"),
            await admin.TimeApiAsync("team members API: first page", members),
            await admin.TimeApiAsync("team members API: search", $"{members}?q={name[..Math.Min(name.Length, 4)]}"),
            await admin.TimePageAsync("Members page: first page", "/organization/members"),
            await admin.TimePageAsync("Members page: 20 pages on", await admin.ConsolePageAfterAsync("/organization/members", 20)),
            await admin.TimePageAsync("Members page: search by name", $"/organization/members?q={name}"),
            await admin.TimePageAsync("Teams page: first page", "/organization/teams"),
            await admin.TimePageAsync("Teams page: second page", await admin.ConsolePageAfterAsync("/organization/teams", 1)),
            await admin.TimePageAsync("Teams page: search", $"/organization/teams?q={teamName}"),
            await admin.TimePageAsync("Team page", $"/organization/teams/{teamId}"),
        ];
    }

    /// <summary>The timings against an app that is already running, as a table.</summary>
    public static async Task<int> PrintAsync(Uri gateway, Guid organizationId, string adminSession, int membersCount)
    {
        var organization = new ProvisionedOrganization(1, organizationId, "", adminSession, "");
        Console.WriteLine("| request | p50 ms | p95 ms | rows |");
        Console.WriteLine("|---|---|---|---|");
        foreach (var timing in await MeasureAsync(gateway, organization, membersCount))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {timing.Name} | {timing.P50:F1} | {timing.P95:F1} | {timing.Items} |"));
        }

        return 0;
    }

    private static async Task<JsonElement> FirstItemAsync(AdminRequestTimer admin, string path)
    {
        using var page = JsonDocument.Parse(await admin.GetAsync(path));
        return page.RootElement.GetProperty("items")[0].Clone();
    }
}
