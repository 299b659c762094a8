using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Workteam.AppHost.Tests;

/// <summary>Signing in when one email has accounts in several organizations, and what a wrong guess reveals.</summary>
[Collection(SharedAppHostCollection.Name)]
public sealed class SignInTests(SharedAppHost shared)
{
    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    private readonly HttpClient _gateway = shared.Host.CreateGatewayClient();

    [Fact]
    public async Task The_same_email_and_password_in_two_organizations_asks_which_and_signs_in_to_the_chosen_one()
    {
        var email = AdminApi.NewEmail("two-orgs");
        var first = await SignUpAsync(email, AdminApi.Password);
        var second = await SignUpAsync(email, AdminApi.Password);

        using var ambiguous = await _gateway.PostAsJsonAsync("/api/sessions", new { email, password = AdminApi.Password }, CancellationToken);
        Assert.Equal(HttpStatusCode.Conflict, ambiguous.StatusCode);
        var offered = (await ambiguous.Content.ReadFromJsonAsync<JsonElement>(CancellationToken)).GetProperty("organizations")
            .EnumerateArray().Select(o => o.GetProperty("organizationId").GetGuid()).Order().ToList();
        Assert.Equal(new[] { first, second }.Order(), offered);

        using var chosen = await _gateway.PostAsJsonAsync("/api/sessions", new { email, password = AdminApi.Password, organizationId = second }, CancellationToken);
        Assert.Equal(HttpStatusCode.OK, chosen.StatusCode);
        Assert.Equal(second, await OrganizationOfAsync(chosen));
    }

    [Fact]
    public async Task With_different_passwords_in_two_organizations_the_password_decides_and_no_other_organization_is_named()
    {
        var email = AdminApi.NewEmail("two-passwords");
        var first = await SignUpAsync(email, AdminApi.Password);
        var second = await SignUpAsync(email, "the second long passphrase");

        using var signedIn = await _gateway.PostAsJsonAsync("/api/sessions", new { email, password = "the second long passphrase" }, CancellationToken);
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        Assert.Equal(second, await OrganizationOfAsync(signedIn));

        using var wrongOrganization = await _gateway.PostAsJsonAsync("/api/sessions",
            new { email, password = "the second long passphrase", organizationId = first }, CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongOrganization.StatusCode);
        Assert.DoesNotContain(second.ToString(), await wrongOrganization.Content.ReadAsStringAsync(CancellationToken));
    }

    [Fact]
    public async Task An_unknown_email_gets_the_same_answer_as_a_wrong_password()
    {
        var organization = await new AdminApi(_gateway).SignUpAsync(CancellationToken);

        using var wrongPassword = await _gateway.PostAsJsonAsync("/api/sessions", new { email = organization.AdminEmail, password = "not the password 1" }, CancellationToken);
        using var unknownEmail = await _gateway.PostAsJsonAsync("/api/sessions", new { email = AdminApi.NewEmail("nobody"), password = "not the password 1" }, CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, wrongPassword.StatusCode);
        Assert.Equal(wrongPassword.StatusCode, unknownEmail.StatusCode);
        Assert.Equal(await ProblemAsync(wrongPassword), await ProblemAsync(unknownEmail));
    }

    [Fact]
    public async Task Wrong_guesses_sent_in_parallel_each_count_towards_the_lockout()
    {
        var organization = await new AdminApi(_gateway).SignUpAsync(CancellationToken);

        var guesses = await Task.WhenAll(Enumerable.Range(0, 5).Select(async i =>
        {
            using var wrong = await _gateway.PostAsJsonAsync("/api/sessions", new { email = organization.AdminEmail, password = $"wrong guess number {i}" }, CancellationToken);
            return wrong.StatusCode;
        }));
        Assert.All(guesses, status => Assert.Equal(HttpStatusCode.Unauthorized, status));

        using var locked = await _gateway.PostAsJsonAsync("/api/sessions", new { email = organization.AdminEmail, password = AdminApi.Password }, CancellationToken);
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
    }

    [Fact]
    public async Task A_change_through_the_api_with_the_session_cookie_needs_the_request_header_and_a_bearer_does_not()
    {
        var organization = await new AdminApi(_gateway).SignUpAsync(CancellationToken);
        var path = $"/api/organizations/{organization.OrganizationId}/scim";
        var body = new { enabled = true, notificationEmail = "it@example.test" };

        using var forged = await SendWithCookieAsync(HttpMethod.Put, path, organization.AccessToken, body, requestHeader: false);
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        using var read = await SendWithCookieAsync(HttpMethod.Get, path, organization.AccessToken, null, requestHeader: false);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        using var fromConsole = await SendWithCookieAsync(HttpMethod.Put, path, organization.AccessToken, body, requestHeader: true);
        Assert.Equal(HttpStatusCode.OK, fromConsole.StatusCode);
        using var bearer = await new AdminApi(_gateway).SendAsync(HttpMethod.Put, path, organization.AccessToken, body, CancellationToken);
        Assert.Equal(HttpStatusCode.OK, bearer.StatusCode);
    }

    private async Task<HttpResponseMessage> SendWithCookieAsync(HttpMethod method, string path, string session, object? body, bool requestHeader)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add("Cookie", $"__Host-workteam_session={session}");
        if (requestHeader)
        {
            request.Headers.Add("X-Workteam-Request", "console");
        }

        return await _gateway.SendAsync(request, CancellationToken);
    }

    private async Task<Guid> SignUpAsync(string email, string password)
    {
        using var created = await _gateway.PostAsJsonAsync("/api/organizations",
            new { name = "Org " + Guid.NewGuid().ToString("N")[..6], adminEmail = email, adminPassword = password }, CancellationToken);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>(CancellationToken)).GetProperty("organizationId").GetGuid();
    }

    private async Task<Guid> OrganizationOfAsync(HttpResponseMessage signedIn)
    {
        var token = (await signedIn.Content.ReadFromJsonAsync<JsonElement>(CancellationToken)).GetProperty("accessToken").GetString();
        using var me = await new AdminApi(_gateway).SendAsync(HttpMethod.Get, "/api/me", token, null, CancellationToken);
        return (await me.Content.ReadFromJsonAsync<JsonElement>(CancellationToken)).GetProperty("organizationId").GetGuid();
    }

    /// <summary>What a problem answer says, without its per-request trace id.</summary>
    private static async Task<string> ProblemAsync(HttpResponseMessage response)
    {
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(CancellationToken);
        return $"{problem.GetProperty("status")} {problem.GetProperty("title")} {problem.GetProperty("detail")}";
    }
}
