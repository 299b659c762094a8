using System.Diagnostics;
using System.Text.Json;
using Workteam.LoadTest.Scim;

namespace Workteam.LoadTest.Checks;

/// <summary>
/// Compares Directory's accounts and teams with the source through the admin API. Directory applies provisioning
/// events asynchronously, so the check polls until they are equal or the timeout passes.
/// </summary>
internal static class DirectoryStateCheck
{
    private static readonly TimeSpan MinimumPollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// The differences left at the end (none when Directory caught up) and when it caught up or gave up, counted
    /// from <paramref name="since"/>. <paramref name="polled"/> hears the differences of every poll.
    /// </summary>
    public static async Task<(List<string> Mismatches, TimeSpan Elapsed)> WaitUntilEqualAsync(
        Tenant tenant, AdminApi admin, long since, TimeSpan timeout, Action<Tenant, List<string>> polled, CancellationToken cancellationToken)
    {
        while (true)
        {
            var started = Stopwatch.GetTimestamp();
            var mismatches = await CompareAsync(tenant, admin, cancellationToken);
            polled(tenant, mismatches);
            var elapsed = Stopwatch.GetElapsedTime(since);
            if (mismatches.Count == 0 || elapsed > timeout)
            {
                return (mismatches, elapsed);
            }

            var took = Stopwatch.GetElapsedTime(started);
            await Task.Delay(took > MinimumPollInterval ? took : MinimumPollInterval, cancellationToken);
        }
    }

    public static async Task<List<string>> CompareAsync(Tenant tenant, AdminApi admin, CancellationToken cancellationToken)
    {
        var mismatches = new Mismatches($"{tenant} Directory");
        var organization = tenant.Organization;
        List<JsonElement> accounts;
        List<(JsonElement Team, List<JsonElement> Members)> teams = [];
        try
        {
            accounts = await admin.GetAllAsync($"/api/organizations/{organization.Id}/accounts?managed=true", organization.AdminAccessToken, cancellationToken);
            foreach (var team in await admin.GetAllAsync($"/api/organizations/{organization.Id}/teams", organization.AdminAccessToken, cancellationToken))
            {
                teams.Add((team, await admin.GetAllAsync($"/api/organizations/{organization.Id}/teams/{Text(team, "teamId")}/members",
                    organization.AdminAccessToken, cancellationToken)));
            }
        }
        catch (Exception exception) when (exception is AdminApiException or HttpRequestException)
        {
            mismatches.Add(exception.Message);
            return mismatches.All;
        }

        CompareAccounts(tenant, accounts, mismatches);
        CompareTeams(tenant, teams, mismatches);
        return mismatches.All;
    }

    /// <summary>
    /// Every source user is a Member account, Active or Suspended as Entra enabled or disabled it, with its primary
    /// email. A deleted user's account is erased (a tombstone the list leaves out).
    /// </summary>
    private static void CompareAccounts(Tenant tenant, List<JsonElement> accounts, Mismatches mismatches)
    {
        var provisioned = accounts
            .Where(a => Text(a, "scimUserId") is not null)
            .ToDictionary(a => Text(a, "scimUserId")!, StringComparer.OrdinalIgnoreCase);
        foreach (var user in tenant.Source.Users.Where(u => u.ScimId is not null))
        {
            var found = provisioned.Remove(user.ScimId!, out var account);
            if (user.Deleted)
            {
                if (found)
                {
                    mismatches.Add($"account of deleted user {user} is still listed ({Text(account, "status")})");
                }

                continue;
            }

            if (!found)
            {
                mismatches.Add($"user {user} has no account");
                continue;
            }

            var subject = $"account of {user}";
            mismatches.Expect(subject, "userName", user.UserName, Text(account, "userName"));
            mismatches.Expect(subject, "displayName", user.DisplayName, Text(account, "displayName"));
            mismatches.Expect(subject, "email", user.WorkEmail, Text(account, "email"), StringComparison.OrdinalIgnoreCase);
            mismatches.Expect(subject, "status", user.Active ? "Active" : "Suspended", Text(account, "status"));
            mismatches.Expect(subject, "role", "Member", Text(account, "role"));
        }

        foreach (var (scimUserId, account) in provisioned)
        {
            mismatches.Add($"account {Text(account, "userName")} (SCIM user {scimUserId}) is not in the source");
        }
    }

    private static void CompareTeams(Tenant tenant, List<(JsonElement Team, List<JsonElement> Members)> teams, Mismatches mismatches)
    {
        var byGroup = teams.ToDictionary(t => Text(t.Team, "scimGroupId")!, StringComparer.OrdinalIgnoreCase);
        foreach (var group in tenant.Source.Groups.Where(g => g.ScimId is not null))
        {
            if (!byGroup.Remove(group.ScimId!, out var found))
            {
                mismatches.Add($"group {group} has no team");
                continue;
            }

            var (team, members) = found;
            mismatches.Expect($"team {group}", "displayName", group.DisplayName, Text(team, "displayName"));
            mismatches.Expect($"team {group}", "externalId", group.ExternalId, Text(team, "externalId"));
            var expected = group.Members.Select(u => u.ScimId).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
            var actual = members.Select(m => Text(m, "scimUserId") ?? "").ToHashSet(StringComparer.OrdinalIgnoreCase);
            mismatches.ExpectMembers($"team {group}", expected, actual, tenant.Source.Describe);
        }

        foreach (var (scimGroupId, (team, _)) in byGroup)
        {
            mismatches.Add($"team {Text(team, "displayName")} (SCIM group {scimGroupId}) is not in the source");
        }
    }

    private static string? Text(JsonElement element, string property) => UserAttributes.Text(element, property);
}
