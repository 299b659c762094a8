using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Workteam.Contracts;
using Workteam.Gateway.Scim;

namespace Workteam.Gateway.Tests;

/// <summary>
/// Directory's internal API as the gateway sees it over HTTP, answering what each test sets, and the gateway's SCIM
/// parts wired to it on a fake clock.
/// </summary>
public sealed class FakeDirectory : HttpMessageHandler, IHttpClientFactory
{
    private readonly List<(HttpMethod Method, string Path, string Body)> _requests = [];

    public FakeDirectory(ScimGatewayOptions? settings = null)
    {
        Options = Microsoft.Extensions.Options.Options.Create(settings ?? new ScimGatewayOptions());
        Refresher = new ScimCredentialRefresher(this, new ConfigurationBuilder().Build(), Cache, Usage, Options, Clock,
            NullLogger<ScimCredentialRefresher>.Instance);
        Limits = new ScimClientLimits(Options);
        Guard = new ScimRequestGuard(Cache, Usage, Refresher, Limits, new ServiceTrust(new string('s', 64)), Clock, Options);
    }

    public IOptions<ScimGatewayOptions> Options { get; }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));

    public ScimCredentialCache Cache { get; } = new();

    public ScimTokenUsageLog Usage { get; } = new();

    public ScimCredentialRefresher Refresher { get; }

    public ScimClientLimits Limits { get; }

    public ScimRequestGuard Guard { get; }

    /// <summary>What GET /internal/scim-credentials answers.</summary>
    public Func<HttpResponseMessage> Credentials { get; set; } = () => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);

    /// <summary>What POST /internal/scim-token-usage answers.</summary>
    public Func<HttpResponseMessage> UsageReport { get; set; } = () => new HttpResponseMessage(HttpStatusCode.NoContent);

    public IReadOnlyList<(HttpMethod Method, string Path, string Body)> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public static HttpResponseMessage Snapshot(string version, params (Guid OrganizationId, Guid TokenId, string Token)[] tokens) =>
        new(HttpStatusCode.OK)
        {
            Content = JsonContent.Create(new ScimCredentialSnapshot(version,
                [.. tokens.GroupBy(t => t.OrganizationId).Select(o =>
                    new OrganizationScimCredentials(o.Key, [.. o.Select(t => new ScimCredential(t.TokenId, SecretHash.Compute(t.Token)))]))])),
        };

    public HttpClient CreateClient(string name) => new(this, disposeHandler: false);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        lock (_requests)
        {
            _requests.Add((request.Method, request.RequestUri!.AbsolutePath, body));
        }

        return request.RequestUri!.AbsolutePath switch
        {
            "/internal/scim-credentials" => Credentials(),
            "/internal/scim-token-usage" => UsageReport(),
            _ => new HttpResponseMessage(HttpStatusCode.NotFound),
        };
    }

    /// <summary>Waits until <paramref name="condition"/> holds, for work the refresher does on its own.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting until {what}.");
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
    }
}
