using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Workteam.Contracts;
using Workteam.Gateway.Refusals;
using Workteam.Gateway.Scim;

namespace Workteam.Gateway.Tests;

/// <summary>
/// Directory's internal API as the gateway sees it over HTTP, answering what each test sets, and the gateway's SCIM
/// parts wired to it on a fake clock.
/// </summary>
public sealed class FakeDirectory : HttpMessageHandler, IHttpClientFactory
{
    private readonly List<(HttpMethod Method, string Path, string Body)> _requests = [];
    private readonly ServiceProvider _meters = new ServiceCollection().AddMetrics().BuildServiceProvider();

    public FakeDirectory(ScimGatewayOptions? settings = null)
    {
        Options = Microsoft.Extensions.Options.Options.Create(settings ?? new ScimGatewayOptions());
        Client = new DirectoryClient(this, new ConfigurationBuilder().Build(), NullLogger<DirectoryClient>.Instance);
        Refresher = new ScimCredentialRefresher(Client, Cache, Usage, Options, Clock, NullLogger<ScimCredentialRefresher>.Instance);
        Limits = new ScimClientLimits(Options);
        JournalFolder = Directory.CreateTempSubdirectory("workteam-gateway-test-").FullName;
        Journal = new RefusalJournal(JournalFolder, NullLogger<RefusalJournal>.Instance);
        Throttle = new RefusalThrottle(Clock, Options);
        Metrics = new GatewayMetrics(MeterFactory);
        Refusals = new ScimRefusals(Cache, Throttle, Journal, Metrics, Clock);
        Shipper = new RefusalShipper(Client, Journal, Throttle, Options, Clock, NullLogger<RefusalShipper>.Instance);
        Guard = new ScimRequestGuard(Cache, Usage, Refresher, Limits, Refusals, new ServiceTrust(new string('s', 64)), Clock, Options);
    }

    public IOptions<ScimGatewayOptions> Options { get; }

    /// <summary>This fake's own meters: a test reads only its own measurements.</summary>
    public IMeterFactory MeterFactory => _meters.GetRequiredService<IMeterFactory>();

    public GatewayMetrics Metrics { get; }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));

    public ScimCredentialCache Cache { get; } = new();

    public ScimTokenUsageLog Usage { get; } = new();

    public ScimCredentialRefresher Refresher { get; }

    public ScimClientLimits Limits { get; }

    public ScimRequestGuard Guard { get; }

    public DirectoryClient Client { get; }

    public string JournalFolder { get; }

    public RefusalJournal Journal { get; }

    public RefusalThrottle Throttle { get; }

    public ScimRefusals Refusals { get; }

    public RefusalShipper Shipper { get; }

    /// <summary>What POST /internal/scim-refusals answers.</summary>
    public Func<HttpResponseMessage> RefusalReport { get; set; } = () => new HttpResponseMessage(HttpStatusCode.NoContent);

    /// <summary>Every refusal Directory took, in the order it took them.</summary>
    public IReadOnlyList<ScimRefusal> ShippedRefusals =>
        [.. Requests.Where(r => r.Path == "/internal/scim-refusals").SelectMany(r => System.Text.Json.JsonSerializer.Deserialize<List<ScimRefusal>>(r.Body, System.Text.Json.JsonSerializerOptions.Web)!)];

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

    public static HttpResponseMessage Snapshot(string version, IReadOnlyList<OrganizationScimCredentials> organizations) =>
        new(HttpStatusCode.OK) { Content = JsonContent.Create(new ScimCredentialSnapshot(version, organizations)) };

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
            "/internal/scim-refusals" => RefusalReport(),
            _ => new HttpResponseMessage(HttpStatusCode.NotFound),
        };
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Journal.Dispose();
            Limits.Dispose();
            _meters.Dispose();
            Directory.Delete(JournalFolder, recursive: true);
        }

        base.Dispose(disposing);
    }

    /// <summary>
    /// A SCIM request through the guard: the context it leaves (status, body) and whether it was let through, where
    /// ScimApi answers <paramref name="upstreamStatus"/>.
    /// </summary>
    public async Task<(HttpContext Context, bool Forwarded)> SendAsync(
        Guid organizationId, string? token, IPAddress address, string method = "GET", string path = "/Users", int upstreamStatus = 200)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Path = $"/scim/v2/{organizationId}{path}";
        if (token is not null)
        {
            context.Request.Headers.Authorization = $"Bearer {token}";
        }

        context.Connection.RemoteIpAddress = address;
        context.Response.Body = new MemoryStream();
        var forwarded = false;
        await Guard.InvokeAsync(context, answered =>
        {
            forwarded = true;
            answered.Response.StatusCode = upstreamStatus;
            return Task.CompletedTask;
        });
        return (context, forwarded);
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
