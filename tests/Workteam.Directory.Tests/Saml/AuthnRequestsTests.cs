using System.IO.Compression;
using System.Text;
using System.Web;
using System.Xml;
using Workteam.Directory.Saml;
using Workteam.Testing.Saml;

namespace Workteam.Directory.Tests.Saml;

/// <summary>SP-initiated sign-in sends Entra an AuthnRequest it can answer, and the SP metadata describes Workteam.</summary>
public sealed class AuthnRequestsTests : SamlValidatorFixture
{
    private static readonly DateTimeOffset IssueInstant = new(2026, 12, 5, 12, 0, 0, 123, TimeSpan.Zero);

    [Fact]
    public void Request_ids_are_fresh_xml_ids()
    {
        var ids = Enumerable.Range(0, 100).Select(_ => AuthnRequests.NewRequestId()).ToList();

        Assert.Equal(100, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Equal(id, XmlConvert.VerifyNCName(id)));
        Assert.All(ids, id => Assert.Equal(33, id.Length));
    }

    [Fact]
    public void The_redirect_carries_the_deflated_request_and_the_relay_state()
    {
        var requestId = AuthnRequests.NewRequestId();

        var url = AuthnRequests.RedirectUrl(Sp, Trusted, requestId, IssueInstant, "/console/members?page=2");

        Assert.Equal(Idp.SignOnUrl.GetLeftPart(UriPartial.Path), url.GetLeftPart(UriPartial.Path));
        var query = HttpUtility.ParseQueryString(url.Query);
        Assert.Equal("/console/members?page=2", query["RelayState"]);
        var request = Inflate(query["SAMLRequest"]!);
        Assert.Equal("AuthnRequest", request.LocalName);
        Assert.Equal(SamlResponseBuilder.ProtocolNamespace, request.NamespaceURI);
        Assert.Equal(requestId, request.GetAttribute("ID"));
        Assert.Equal("2.0", request.GetAttribute("Version"));
        Assert.Equal("2026-12-05T12:00:00.123Z", request.GetAttribute("IssueInstant"));
        Assert.Equal(Idp.SignOnUrl.AbsoluteUri, request.GetAttribute("Destination"));
        Assert.Equal(Sp.AcsUrl.AbsoluteUri, request.GetAttribute("AssertionConsumerServiceURL"));
        Assert.Equal(TestIdentityProvider.HttpPostBinding, request.GetAttribute("ProtocolBinding"));
        var issuer = request.GetElementsByTagName("Issuer", SamlResponseBuilder.AssertionNamespace).Cast<XmlElement>().Single();
        Assert.Equal(Sp.EntityId, issuer.InnerText);
    }

    [Fact]
    public void Without_relay_state_only_the_request_is_sent_and_a_sign_on_query_is_kept()
    {
        var idp = Trusted with { SignOnUrl = new Uri("https://login.example/saml2?tenant=contoso") };

        var url = AuthnRequests.RedirectUrl(Sp, idp, AuthnRequests.NewRequestId(), IssueInstant, relayState: null);

        var query = HttpUtility.ParseQueryString(url.Query);
        Assert.Equal(["tenant", "SAMLRequest"], query.AllKeys);
        Assert.Equal("contoso", query["tenant"]);
    }

    [Fact]
    public void A_relay_state_longer_than_80_bytes_is_refused()
    {
        Assert.Throws<ArgumentException>(() =>
            AuthnRequests.RedirectUrl(Sp, Trusted, AuthnRequests.NewRequestId(), IssueInstant, "/" + new string('a', 80)));
    }

    [Fact]
    public void The_service_provider_metadata_names_the_entity_id_and_the_HTTP_POST_reply_URL()
    {
        var sp = Sp with { EntityId = "https://workteam.example/saml/a&b" };

        var document = new XmlDocument();
        document.LoadXml(ServiceProviderMetadata.Write(sp));

        var root = document.DocumentElement!;
        Assert.Equal(("EntityDescriptor", TestIdentityProvider.MetadataNamespace), (root.LocalName, root.NamespaceURI));
        Assert.Equal("https://workteam.example/saml/a&b", root.GetAttribute("entityID"));
        var acs = root.GetElementsByTagName("AssertionConsumerService", TestIdentityProvider.MetadataNamespace).Cast<XmlElement>().Single();
        Assert.Equal(TestIdentityProvider.HttpPostBinding, acs.GetAttribute("Binding"));
        Assert.Equal(Sp.AcsUrl.AbsoluteUri, acs.GetAttribute("Location"));
    }

    private static XmlElement Inflate(string samlRequest)
    {
        using var inflate = new DeflateStream(new MemoryStream(Convert.FromBase64String(samlRequest)), CompressionMode.Decompress);
        using var reader = new StreamReader(inflate, Encoding.UTF8);
        var document = new XmlDocument();
        document.LoadXml(reader.ReadToEnd());
        return document.DocumentElement!;
    }
}
