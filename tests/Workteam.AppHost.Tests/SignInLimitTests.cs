using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace Workteam.AppHost.Tests;

/// <summary>
/// An app host with small sign-in and sign-up limits, served at an https public URL, whose gateway believes the
/// test's X-Forwarded-For (it is the known proxy), so that each test acts from client addresses of its own.
/// </summary>
public sealed class SignInLimitHost : IAsyncLifetime
{
    public RunningAppHost Host { get; private set; } = null!;

    public async ValueTask InitializeAsync() =>
        Host = await RunningAppHost.StartAsync(RunningAppHost.NewDataPath(), TestContext.Current.CancellationToken,
            "Gateway:KnownProxies=127.0.0.1,::1", "Workteam:PublicBaseUrl=https://workteam.example.test",
            "Directory:SignInLimits:PerAddressPerMinute=5", "Directory:SignInLimits:PerAccountPerMinute=3",
            "Directory:SignInLimits:SignUpsPerAddressPerHour=2", "Directory:SignInLimits:PasswordResetsPerAddressPerHour=2");

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}

[Collection(AppHostCollection.Name)]
public sealed partial class SignInLimitTests(SignInLimitHost fixture) : IClassFixture<SignInLimitHost>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private readonly HttpClient _gateway = fixture.Host.CreateGatewayClient();

    [Fact]
    public async Task Sign_in_attempts_from_one_address_through_the_api_and_the_page_are_limited_and_other_addresses_are_not()
    {
        const string address = "198.51.100.1";
        for (var attempt = 0; attempt < 3; attempt++)
        {
            using var refused = await SignInAsync(AdminApi.NewEmail("unknown"), address);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        using (var page = await PostSignInPageAsync(address))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }

        using (var page = await PostSignInPageAsync(address))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }

        using var limitedPage = await PostSignInPageAsync(address);
        Assert.Equal(HttpStatusCode.TooManyRequests, limitedPage.StatusCode);
        using var limitedApi = await SignInAsync(AdminApi.NewEmail("unknown"), address);
        Assert.Equal(HttpStatusCode.TooManyRequests, limitedApi.StatusCode);
        Assert.NotNull(limitedApi.Headers.RetryAfter);

        using var otherAddress = await SignInAsync(AdminApi.NewEmail("unknown"), "198.51.100.2");
        Assert.Equal(HttpStatusCode.Unauthorized, otherAddress.StatusCode);
    }

    [Fact]
    public async Task Sign_in_attempts_for_one_account_are_limited_whatever_address_they_come_from()
    {
        var email = AdminApi.NewEmail("targeted");
        for (var attempt = 0; attempt < 3; attempt++)
        {
            using var refused = await SignInAsync(email, $"198.51.100.{10 + attempt}");
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        using var limited = await SignInAsync(email, "198.51.100.20");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
    }

    [Fact]
    public async Task Sign_ups_from_one_address_are_limited()
    {
        for (var attempt = 0; attempt < 2; attempt++)
        {
            using var created = await SignUpAsync("198.51.100.30");
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        using var limited = await SignUpAsync("198.51.100.30");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        using var otherAddress = await SignUpAsync("198.51.100.31");
        Assert.Equal(HttpStatusCode.Created, otherAddress.StatusCode);
    }

    [Fact]
    public async Task Served_at_an_https_public_url_the_console_answers_with_hsts()
    {
        using var page = await _gateway.GetAsync("/signin", Cancel);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.StartsWith("max-age=", Assert.Single(page.Headers.GetValues("Strict-Transport-Security")));
    }

    [Fact]
    public async Task Password_reset_requests_from_one_address_are_limited_and_other_addresses_are_not()
    {
        const string address = "198.51.100.7";
        for (var attempt = 0; attempt < 2; attempt++)
        {
            using var accepted = await RequestPasswordResetAsync(address);
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        }

        using var limited = await RequestPasswordResetAsync(address);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.NotNull(limited.Headers.RetryAfter);
        using var otherAddress = await RequestPasswordResetAsync("198.51.100.8");
        Assert.Equal(HttpStatusCode.Accepted, otherAddress.StatusCode);
    }

    private Task<HttpResponseMessage> RequestPasswordResetAsync(string address) =>
        SendAsync(HttpMethod.Post, "/api/password-resets", address, JsonContent.Create(new { email = AdminApi.NewEmail("unknown") }));

    private Task<HttpResponseMessage> SignInAsync(string email, string address) =>
        SendAsync(HttpMethod.Post, "/api/sessions", address, JsonContent.Create(new { email, password = "a wrong long password" }));

    private Task<HttpResponseMessage> SignUpAsync(string address) =>
        SendAsync(HttpMethod.Post, "/api/organizations", address, JsonContent.Create(new
        {
            name = "Limited " + Guid.NewGuid().ToString("N")[..6], adminEmail = AdminApi.NewEmail(), adminPassword = AdminApi.Password,
        }));

    /// <summary>Posts the sign-in form with a wrong password, as a browser would (the client keeps the antiforgery cookie).</summary>
    private async Task<HttpResponseMessage> PostSignInPageAsync(string address)
    {
        using var form = await SendAsync(HttpMethod.Get, "/signin", address, null);
        var html = await form.Content.ReadAsStringAsync(Cancel);
        var post = new HttpRequestMessage(HttpMethod.Post, "/signin")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Email"] = AdminApi.NewEmail("page"),
                ["Password"] = "a wrong long password",
                ["__RequestVerificationToken"] = AntiforgeryField().Match(html).Groups[1].Value,
            }),
        };
        post.Headers.Add("X-Forwarded-For", address);
        return await _gateway.SendAsync(post, Cancel);
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string address, HttpContent? content)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Add("X-Forwarded-For", address);
        return _gateway.SendAsync(request, Cancel);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
