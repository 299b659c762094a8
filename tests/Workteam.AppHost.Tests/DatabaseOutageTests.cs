using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Workteam.AppHost.Tests;

/// <summary>
/// A service's database unreachable for a while, on an app host of its own: Directory applies the deactivations
/// that came meanwhile as soon as its database returns, none parked in an <c>_error</c> queue; ScimApi still
/// answers a refused SCIM request at once.
/// </summary>
[Collection(AppHostCollection.Name)]
public sealed class DatabaseOutageTests(DatabaseOutageTests.Host fixture) : IClassFixture<DatabaseOutageTests.Host>
{
    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    /// <summary>The guard holds deprovisionings beyond 40% of an organization's active members.</summary>
    public sealed class Host : IAsyncLifetime
    {
        public RunningAppHost App { get; private set; } = null!;

        public async ValueTask InitializeAsync() =>
            App = await RunningAppHost.StartAsync(RunningAppHost.NewDataPath(), TestContext.Current.CancellationToken,
                "Directory:DeprovisioningGuard:Share=0.4", "Directory:DeprovisioningGuard:MinimumActions=2");

        public async ValueTask DisposeAsync() => await App.DisposeAsync();
    }

    private sealed record Member(string Email, string Session, string ScimUserId);

    [Fact]
    public async Task Deactivations_during_a_directory_database_outage_take_access_away_when_it_returns()
    {
        using var gateway = fixture.App.CreateGatewayClient();
        var admin = new AdminApi(gateway);
        var (organization, token) = await admin.ProvisioningReadyAsync(CancellationToken);
        var scim = new ScimClient(gateway, token.BaseUrl, token.Token);
        var members = new List<Member>();
        for (var i = 0; i < 10; i++)
        {
            var email = AdminApi.NewEmail($"member{i}");
            await admin.CreateAccountAsync(organization, email, "Member", CancellationToken);
            members.Add(new Member(email, await admin.SignInAsync(email, AdminApi.Password, CancellationToken), await scim.CreateUserAsync(CancellationToken, email)));
        }

        // Twenty more keep the ten deactivations below the guard's share.
        for (var i = 0; i < 20; i++)
        {
            await scim.CreateUserAsync(CancellationToken);
        }

        Assert.True(await EventuallyAsync(TimeSpan.FromSeconds(30), async () => await ProvisionedAsync(admin, organization) == 30), "Not all members were provisioned.");
        await using (await DatabaseOutage.BeginAsync(fixture.App, "directorydb", CancellationToken))
        {
            // Entra's two PATCH dialects: with a path, and with the attribute in the value.
            for (var i = 0; i < members.Count; i++)
            {
                var operation = i % 2 == 0 ? """{"op":"Replace","path":"active","value":false}""" : """{"op":"replace","value":{"active":false}}""";
                var patched = await scim.PatchAsync($"/Users/{members[i].ScimUserId}",
                    $$"""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{{operation}}]}""", CancellationToken);
                Assert.True(patched.Status == HttpStatusCode.OK, patched.ToString());
            }

            // The outage lasts two minutes, far beyond the half minute of retries a failure that repeats gets.
            await Task.Delay(TimeSpan.FromMinutes(2), CancellationToken);
        }

        var withAccess = members;
        Assert.True(await EventuallyAsync(TimeSpan.FromSeconds(10), async () =>
        {
            var statuses = await Task.WhenAll(withAccess.Select(m => MeAsync(admin, m)));
            withAccess = [.. withAccess.Where((_, i) => statuses[i] != HttpStatusCode.Unauthorized)];
            return withAccess.Count == 0;
        }), $"10 s after the database returned, {withAccess.Count} still have access.");

        Assert.Empty(await BrokerQueues.ErrorQueuesWithMessagesAsync(fixture.App, CancellationToken));
    }

    [Fact]
    public async Task A_refused_scim_request_is_answered_at_once_while_the_scim_database_is_down()
    {
        using var gateway = fixture.App.CreateGatewayClient();
        var scim = await ScimClient.ForNewOrganizationAsync(gateway, CancellationToken);
        await using (await DatabaseOutage.BeginAsync(fixture.App, "scimdb", CancellationToken))
        {
            var answered = Stopwatch.StartNew();
            var refused = await scim.PostAsync("/Users", """{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"active":true}""", CancellationToken);
            answered.Stop();
            Assert.True(refused.Status == HttpStatusCode.BadRequest, refused.ToString());
            Assert.Contains("urn:ietf:params:scim:api:messages:2.0:Error", refused.Text);
            // Recording the failure is one attempt of at most 3 s, without the execution strategy's retries; 10 s
            // leaves room for a loaded machine.
            Assert.True(answered.Elapsed < TimeSpan.FromSeconds(10), $"The SCIM error took {answered.Elapsed}.");
        }
    }

    [Fact]
    public async Task Apply_all_decides_more_held_deprovisionings_than_one_transaction_takes()
    {
        using var gateway = fixture.App.CreateGatewayClient();
        var admin = new AdminApi(gateway);
        var (organization, token) = await admin.ProvisioningReadyAsync(CancellationToken);
        var scim = new ScimClient(gateway, token.BaseUrl, token.Token);
        var users = new List<string>();
        for (var i = 0; i < 250; i++)
        {
            users.Add(await scim.CreateUserAsync(CancellationToken));
        }

        Assert.True(await EventuallyAsync(TimeSpan.FromSeconds(60), async () => await ProvisionedAsync(admin, organization) == users.Count), "Not all were provisioned.");
        foreach (var user in users)
        {
            var patched = await scim.PatchAsync($"/Users/{user}",
                """{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","path":"active","value":false}]}""", CancellationToken);
            Assert.True(patched.Status == HttpStatusCode.OK, patched.ToString());
        }

        // Beyond 40% of the 251 active members, about 150 deactivations are held: more than the 100 decided in one transaction.
        var held = 0;
        Assert.True(await EventuallyAsync(TimeSpan.FromSeconds(60), async () =>
            (held = await PendingAsync(admin, organization)) + await SuspendedAsync(admin, organization) == users.Count), "Not all deactivations were applied or held.");
        Assert.True(held > 100, $"Only {held} held.");
        using (var applyAll = await admin.SendAsync(HttpMethod.Post, $"/api/organizations/{organization.OrganizationId}/held-deprovisionings/apply-all",
            organization.AccessToken, null, CancellationToken))
        {
            Assert.Equal(HttpStatusCode.OK, applyAll.StatusCode);
            Assert.Equal(held, (await applyAll.Content.ReadFromJsonAsync<JsonElement>(CancellationToken)).GetProperty("decided").GetInt32());
        }

        Assert.Equal(0, await PendingAsync(admin, organization));
        Assert.Equal(users.Count, await SuspendedAsync(admin, organization));
    }

    private static async Task<int> PendingAsync(AdminApi admin, AdminApi.SignedUpOrganization organization)
    {
        using var response = await admin.SendAsync(HttpMethod.Get, $"/api/organizations/{organization.OrganizationId}/held-deprovisionings",
            organization.AccessToken, null, CancellationToken);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(CancellationToken)).GetArrayLength();
    }

    private static async Task<int> SuspendedAsync(AdminApi admin, AdminApi.SignedUpOrganization organization)
    {
        return (await admin.ListAllAsync(organization, "accounts?status=Suspended", CancellationToken)).Count;
    }

    private static async Task<int> ProvisionedAsync(AdminApi admin, AdminApi.SignedUpOrganization organization)
    {
        return (await admin.ListAllAsync(organization, "accounts?managed=true", CancellationToken)).Count;
    }

    private static async Task<HttpStatusCode> MeAsync(AdminApi admin, Member member)
    {
        using var response = await admin.SendAsync(HttpMethod.Get, "/api/me", member.Session, null, CancellationToken);
        return response.StatusCode;
    }

    private static async Task<bool> EventuallyAsync(TimeSpan within, Func<Task<bool>> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            if (deadline.Elapsed > within)
            {
                return false;
            }

            await Task.Delay(200, CancellationToken);
        }

        return true;
    }
}
