using Polly.Timeout;

namespace Workteam.Gateway.Scim;

/// <summary>
/// The gateway's calls to Directory's internal API (credentials, token usage, refusals). With several Directory
/// replicas it asks the one that answered last, and the next one when that one cannot be reached.
/// </summary>
public sealed class DirectoryClient(IHttpClientFactory httpClients, IConfiguration configuration, ILogger<DirectoryClient> logger)
{
    public const string HttpClientName = "directory";

    private readonly HttpClient _directory = httpClients.CreateClient(HttpClientName);
    private readonly Uri[] _replicas = DirectoryReplicas(configuration);
    private int _answering;

    /// <summary>Sends to the replica that answered last; when it cannot be reached, to each of the others in turn.</summary>
    public async Task<HttpResponseMessage> SendAsync(Func<Uri, HttpRequestMessage> request, CancellationToken cancellationToken)
    {
        for (var tried = 1; ; tried++)
        {
            var answering = Volatile.Read(ref _answering);
            var replica = _replicas[answering];
            using var message = request(replica);
            try
            {
                return await _directory.SendAsync(message, cancellationToken);
            }
            catch (Exception e) when (e is HttpRequestException or TimeoutRejectedException)
            {
                if (tried == _replicas.Length)
                {
                    throw e as HttpRequestException ?? new HttpRequestException($"Directory at {replica} did not answer in time.", e);
                }

                var next = (answering + 1) % _replicas.Length;
                Interlocked.CompareExchange(ref _answering, next, answering);
                logger.LogWarning(e, "Directory at {Replica} cannot be reached; asking {Next}", replica, _replicas[next]);
            }
        }
    }

    /// <summary>The Directory replicas the gateway also routes the console to (one per destination of its cluster).</summary>
    private static Uri[] DirectoryReplicas(IConfiguration configuration)
    {
        var addresses = configuration.GetSection("ReverseProxy:Clusters:directory:Destinations").GetChildren()
            .Select(destination => destination["Address"]).OfType<string>().Select(address => new Uri(address)).ToArray();
        return addresses.Length > 0 ? addresses : [new Uri("http://directory")];
    }
}
