using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Web;
using System.Xml;

namespace Workteam.Testing.Saml;

/// <summary>
/// A <see cref="TestIdentityProvider"/> reachable by a browser on a loopback port, playing Entra's part in a sign-in:
/// its sign-on URL takes an HTTP-Redirect AuthnRequest and answers with a page that posts a signed SAMLResponse
/// (InResponseTo the request's ID, its RelayState passed back) to the request's Assertion Consumer Service URL, for
/// the person <see cref="SignInAs"/> chose. <see cref="TestThisApplicationUrl"/> starts an IdP-initiated sign-in, as
/// Entra's "Test this application" does.
/// </summary>
public sealed class TestIdentityProviderServer : IAsyncDisposable
{
    private const string SignOnPath = "/saml2";
    private const string TestApplicationPath = "/test-application";
    private const string ProtocolNamespace = "urn:oasis:names:tc:SAML:2.0:protocol";
    private const string AssertionNamespace = "urn:oasis:names:tc:SAML:2.0:assertion";

    private readonly HttpListener _listener;
    private readonly Task _serving;
    private readonly ConcurrentQueue<ReceivedAuthnRequest> _requests = new();
    private string? _nameId;

    private TestIdentityProviderServer(HttpListener listener, Uri baseAddress)
    {
        _listener = listener;
        BaseAddress = baseAddress;
        Provider = new TestIdentityProvider(signOnUrl: new Uri(baseAddress, SignOnPath));
        _serving = Task.Run(ServeAsync);
    }

    /// <summary>Where the server listens, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The identity provider whose certificate signs the responses; its sign-on URL is this server's.</summary>
    public TestIdentityProvider Provider { get; }

    /// <summary>The AuthnRequests received so far, oldest first.</summary>
    public IReadOnlyList<ReceivedAuthnRequest> Requests => [.. _requests];

    /// <summary>Starts a server on a free loopback port.</summary>
    public static TestIdentityProviderServer Start()
    {
        for (var attempt = 0; ; attempt++)
        {
            // A free port now may be taken before the listener binds it: try another then.
            var baseAddress = new Uri($"http://127.0.0.1:{FreeLoopbackPort()}/");
            var listener = new HttpListener();
            listener.Prefixes.Add(baseAddress.ToString());
            try
            {
                listener.Start();
                return new TestIdentityProviderServer(listener, baseAddress);
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                listener.Close();
            }
        }
    }

    /// <summary>The NameID (Entra: the user principal name) of the person who signs in from now on.</summary>
    public void SignInAs(string nameId) => _nameId = nameId;

    /// <summary>
    /// A page that posts an unsolicited response (no InResponseTo) for the person <see cref="SignInAs"/> chose to
    /// the service provider with this entity id and ACS URL: Entra's "Test this application".
    /// </summary>
    public Uri TestThisApplicationUrl(string serviceProviderEntityId, Uri acsUrl, string? relayState = null) =>
        new(BaseAddress, $"{TestApplicationPath}?sp={Uri.EscapeDataString(serviceProviderEntityId)}&acs={Uri.EscapeDataString(acsUrl.ToString())}"
            + (relayState is null ? "" : $"&relayState={Uri.EscapeDataString(relayState)}"));

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            await _serving;
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
        {
        }

        Provider.Dispose();
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            try
            {
                await AnswerAsync(context);
            }
            catch (Exception e)
            {
                await WriteAsync(context.Response, HttpStatusCode.BadRequest, "text/plain", e.Message);
            }
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var query = HttpUtility.ParseQueryString(context.Request.Url!.Query);
        switch (context.Request.Url.AbsolutePath)
        {
            case SignOnPath when query["SAMLRequest"] is { } samlRequest:
                var request = ReceivedAuthnRequest.Read(samlRequest, query["RelayState"]);
                _requests.Enqueue(request);
                var solicited = SignedResponse(request.Issuer, request.AssertionConsumerServiceUrl).InResponseToRequest(request.Id).ToBase64();
                await WriteAsync(context.Response, HttpStatusCode.OK, "text/html", PostingPage(request.AssertionConsumerServiceUrl, solicited, request.RelayState));
                break;
            case TestApplicationPath when query["sp"] is { } serviceProvider && query["acs"] is { } acs:
                var unsolicited = SignedResponse(serviceProvider, new Uri(acs)).ToBase64();
                await WriteAsync(context.Response, HttpStatusCode.OK, "text/html", PostingPage(new Uri(acs), unsolicited, query["relayState"]));
                break;
            default:
                await WriteAsync(context.Response, HttpStatusCode.NotFound, "text/plain", "Not found: " + context.Request.Url.AbsolutePath);
                break;
        }
    }

    private SamlResponseBuilder SignedResponse(string serviceProviderEntityId, Uri acsUrl) =>
        Provider.Response(serviceProviderEntityId, acsUrl)
            .WithNameId(_nameId ?? throw new InvalidOperationException("Choose who signs in with SignInAs first."));

    /// <summary>The HTTP-POST binding: a form that the browser submits as soon as the page has loaded.</summary>
    private static string PostingPage(Uri acsUrl, string samlResponse, string? relayState)
    {
        var relay = relayState is null ? "" : $"""<input type="hidden" name="RelayState" value="{WebUtility.HtmlEncode(relayState)}" />""";
        return $"""
            <!DOCTYPE html>
            <html><head><title>Signing in</title></head>
            <body onload="document.forms[0].submit()">
            <form method="post" action="{WebUtility.HtmlEncode(acsUrl.ToString())}">
            <input type="hidden" name="SAMLResponse" value="{samlResponse}" />{relay}
            <noscript><button type="submit">Continue</button></noscript>
            </form>
            </body></html>
            """;
    }

    private static async Task WriteAsync(HttpListenerResponse response, HttpStatusCode status, string contentType, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        response.StatusCode = (int)status;
        response.ContentType = contentType + "; charset=utf-8";
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes);
        response.Close();
    }

    private static int FreeLoopbackPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>An AuthnRequest as the HTTP-Redirect binding carried it: deflated, Base64, URL-encoded.</summary>
    public sealed record ReceivedAuthnRequest(string Id, string Issuer, Uri AssertionConsumerServiceUrl, string? RelayState, string Xml)
    {
        public static ReceivedAuthnRequest Read(string samlRequest, string? relayState)
        {
            using var inflater = new DeflateStream(new MemoryStream(Convert.FromBase64String(samlRequest)), CompressionMode.Decompress);
            using var reader = new StreamReader(inflater, Encoding.UTF8);
            var xml = reader.ReadToEnd();
            var document = new XmlDocument { XmlResolver = null };
            using (var xmlReader = XmlReader.Create(new StringReader(xml), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit }))
            {
                document.Load(xmlReader);
            }

            var names = new XmlNamespaceManager(document.NameTable);
            names.AddNamespace("samlp", ProtocolNamespace);
            names.AddNamespace("saml", AssertionNamespace);
            var root = document.SelectSingleNode("/samlp:AuthnRequest", names) as XmlElement
                ?? throw new InvalidOperationException("Not an AuthnRequest: " + xml);
            var issuer = root.SelectSingleNode("saml:Issuer", names)?.InnerText
                ?? throw new InvalidOperationException("The AuthnRequest has no Issuer.");
            var acs = root.GetAttribute("AssertionConsumerServiceURL");
            return new ReceivedAuthnRequest(root.GetAttribute("ID"), issuer.Trim(),
                acs.Length > 0 ? new Uri(acs) : throw new InvalidOperationException("The AuthnRequest names no AssertionConsumerServiceURL."),
                relayState, xml);
        }
    }
}
