using System.Security.Cryptography.Xml;
using System.Text;
using Workteam.Directory.Saml;
using Workteam.Testing.Saml;

namespace Workteam.Directory.Tests.Saml;

/// <summary>Responses signed the ways Entra signs them are accepted; the message-level checks refuse the rest.</summary>
public sealed class SamlResponseValidatorTests : SamlValidatorFixture
{
    [Theory]
    [InlineData(SamlSigning.Assertion)]
    [InlineData(SamlSigning.Response)]
    [InlineData(SamlSigning.ResponseAndAssertion)]
    public void A_response_signed_like_Entra_signs_it_is_accepted(SamlSigning signing)
    {
        var response = NewResponse().SignedAs(signing)
            .WithNameId("  Adele.Vance@contoso.example ")
            .WithAttribute("http://schemas.microsoft.com/identity/claims/displayname", "Adele Vance");

        var assertion = AssertAccepted(Validate(response));

        Assert.Equal("Adele.Vance@contoso.example", assertion.NameId);
        Assert.Equal(SamlResponseBuilder.EmailAddressFormat, assertion.NameIdFormat);
        Assert.Equal(response.AssertionId, assertion.AssertionId);
        Assert.Equal(RequestId, assertion.InResponseTo);
        Assert.Equal(["Adele Vance"], assertion.Attributes["http://schemas.microsoft.com/identity/claims/displayname"]);
        Assert.Equal([Idp.TenantId.ToString()], assertion.Attributes["http://schemas.microsoft.com/identity/claims/tenantid"]);
        // Entra's bearer confirmation ends 5 minutes after issuing, before its Conditions; plus the allowed skew.
        Assert.Equal(Now.AddMinutes(5) + SamlResponseValidator.MaxClockSkew, assertion.NotOnOrAfter);
    }

    [Fact]
    public void An_IdP_initiated_response_has_no_InResponseTo()
    {
        var response = Idp.Response(Sp.EntityId, Sp.AcsUrl).IssuedAt(Now);

        Assert.Null(AssertAccepted(Validate(response)).InResponseTo);
    }

    [Fact]
    public void The_three_pasted_values_work_like_the_metadata()
    {
        var idp = IdentityProviderMetadata.FromValues(Idp.EntityId, Idp.SignOnUrl.AbsoluteUri, Idp.CertificateBase64);

        AssertAccepted(Validate(NewResponse().ToBase64(), idp));
    }

    [Theory]
    [InlineData("""<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>""")]
    [InlineData("""<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>""")]
    [InlineData("""<!DOCTYPE samlp:Response SYSTEM "http://127.0.0.1:9/dtd">""")]
    public void A_DOCTYPE_is_refused(string doctype)
    {
        var xml = NewResponse().ToXml();

        var reason = AssertRefused(SamlRefusalCodes.Doctype, Validate(SamlResponseBuilder.Encode(doctype + xml)));
        Assert.Contains("DOCTYPE", reason);
    }

    [Fact]
    public void A_response_larger_than_the_limit_is_refused_before_it_is_decoded()
    {
        var tooLarge = new string('A', SamlResponseValidator.MaxResponseBase64Characters + 4);

        AssertRefused(SamlRefusalCodes.TooLarge, Validate(tooLarge));
    }

    [Theory]
    [InlineData("not base64 at all")]
    [InlineData("PHNhbWxwOlJlc3BvbnNl")] // "<samlp:Response", cut off
    public void Text_that_is_not_a_response_is_refused(string samlResponse)
    {
        AssertRefused(SamlRefusalCodes.Malformed, Validate(samlResponse));
    }

    [Fact]
    public void Another_protocol_message_is_refused()
    {
        var document = NewResponse().BuildDocument();
        var request = Encoding.UTF8.GetString(Convert.FromBase64String(SamlResponseBuilder.Encode(document)))
            .Replace("samlp:Response", "samlp:LogoutRequest");

        AssertRefused(SamlRefusalCodes.NotAResponse, Validate(SamlResponseBuilder.Encode(request)));
    }

    [Fact]
    public void A_version_other_than_2_0_is_refused()
    {
        AssertRefused(SamlRefusalCodes.Version, Validate(NewResponse().WithVersion("1.1")));
    }

    [Fact]
    public void An_assertion_version_other_than_2_0_is_refused_even_when_signed()
    {
        var document = NewResponse().SignedAs(SamlSigning.None).BuildDocument();
        Assertion(document).SetAttribute("Version", "2.1");
        Idp.Sign(Assertion(document));

        AssertRefused(SamlRefusalCodes.Version, Validate(document));
    }

    [Theory]
    [InlineData("https://workteam.example/saml/11111111-2222-3333-4444-555555555555/acs")]
    [InlineData("https://attacker.example/acs")]
    [InlineData(null)]
    public void A_response_for_another_destination_is_refused(string? destination)
    {
        AssertRefused(SamlRefusalCodes.Destination, Validate(NewResponse().WithDestination(destination)));
    }

    [Fact]
    public void A_response_from_another_issuer_is_refused()
    {
        var other = NewResponse().WithIssuer("https://sts.windows.net/00000000-0000-0000-0000-000000000001/");

        var reason = AssertRefused(SamlRefusalCodes.Issuer, Validate(other));
        Assert.Contains(Idp.EntityId, reason);
    }

    [Fact]
    public void An_assertion_from_another_issuer_is_refused_even_inside_a_right_response()
    {
        var document = NewResponse().SignedAs(SamlSigning.None).BuildDocument();
        Find(document, "/samlp:Response/saml:Assertion/saml:Issuer").InnerText = "https://sts.windows.net/someone-else/";
        Idp.Sign(Assertion(document));

        AssertRefused(SamlRefusalCodes.Issuer, Validate(document));
    }

    [Fact]
    public void A_status_other_than_Success_is_refused_with_the_status()
    {
        var denied = NewResponse().WithStatus("urn:oasis:names:tc:SAML:2.0:status:Requester", "AADSTS50105: not assigned to a role");

        var reason = AssertRefused(SamlRefusalCodes.Status, Validate(denied));
        Assert.Contains("urn:oasis:names:tc:SAML:2.0:status:Requester", reason);
        Assert.Contains("AADSTS50105", reason);
    }

    [Fact]
    public void An_encrypted_assertion_is_refused_with_a_clear_message()
    {
        var document = NewResponse().BuildDocument();
        var encrypted = NewElement(document, "EncryptedAssertion", SamlResponseBuilder.AssertionNamespace);
        encrypted.AppendChild(NewElement(document, "xenc:EncryptedData", "http://www.w3.org/2001/04/xmlenc#"));
        Response(document).ReplaceChild(encrypted, Assertion(document));

        var reason = AssertRefused(SamlRefusalCodes.EncryptedAssertion, Validate(document));
        Assert.Contains("encryption", reason);
    }

    [Fact]
    public void A_response_without_an_assertion_is_refused()
    {
        var document = NewResponse().BuildDocument();
        Response(document).RemoveChild(Assertion(document));

        AssertRefused(SamlRefusalCodes.AssertionCount, Validate(document));
    }

    [Fact]
    public void Two_signed_assertions_are_refused()
    {
        var document = NewResponse().BuildDocument();
        var second = NewResponse().WithNameId("megan.bowen@contoso.example").BuildDocument();
        Response(document).AppendChild(document.ImportNode(Assertion(second), deep: true));

        AssertRefused(SamlRefusalCodes.AssertionCount, Validate(document));
    }

    [Fact]
    public void An_unsigned_response_is_refused()
    {
        AssertRefused(SamlRefusalCodes.Unsigned, Validate(NewResponse().SignedAs(SamlSigning.None)));
    }

    [Theory]
    [InlineData(SamlSigning.Assertion)]
    [InlineData(SamlSigning.Response)]
    public void A_SHA1_signature_is_refused_with_a_message_that_says_SHA1(SamlSigning signing)
    {
        var reason = AssertRefused(SamlRefusalCodes.Sha1, Validate(NewResponse().SignedAs(signing).WithAlgorithms(SamlAlgorithms.Sha1)));

        Assert.Contains("SHA-1", reason);
    }

    [Fact]
    public void A_SHA1_digest_under_an_RSA_SHA256_signature_is_refused()
    {
        var sha1Digest = new SamlAlgorithms(SignedXml.XmlDsigRSASHA256Url, SignedXml.XmlDsigSHA1Url);

        AssertRefused(SamlRefusalCodes.Sha1, Validate(NewResponse().WithAlgorithms(sha1Digest)));
    }

    [Fact]
    public void A_response_signed_with_another_certificate_is_refused()
    {
        using var impostor = new TestIdentityProvider(Idp.TenantId);

        var reason = AssertRefused(SamlRefusalCodes.SignatureInvalid, Validate(NewResponse().SignedWith(impostor.Certificate)));
        Assert.Contains("certificate", reason);
    }

    [Fact]
    public void During_a_certificate_rollover_either_configured_certificate_verifies()
    {
        var rollover = Idp.AddRolloverCertificate();
        var bothConfigured = Trusted;
        var onlyTheFirst = IdentityProviderMetadata.FromValues(Idp.EntityId, Idp.SignOnUrl.AbsoluteUri, Idp.CertificateBase64);

        Assert.Equal(2, bothConfigured.SigningCertificates.Count);
        AssertAccepted(Validate(NewResponse().ToBase64(), bothConfigured));
        AssertAccepted(Validate(NewResponse().SignedWith(rollover).ToBase64(), bothConfigured));
        AssertRefused(SamlRefusalCodes.SignatureInvalid, Validate(NewResponse().SignedWith(rollover).ToBase64(), onlyTheFirst));
    }

    [Theory]
    [InlineData(SamlSigning.Assertion)]
    [InlineData(SamlSigning.Response)]
    public void An_attribute_altered_after_signing_is_refused(SamlSigning signing)
    {
        var document = NewResponse().SignedAs(signing).WithAttribute("http://schemas.microsoft.com/ws/2008/06/identity/claims/role", "Member")
            .BuildDocument();
        Find(document, "//saml:Attribute[@Name='http://schemas.microsoft.com/ws/2008/06/identity/claims/role']/saml:AttributeValue")
            .InnerText = "Admin";

        AssertRefused(SamlRefusalCodes.SignatureInvalid, Validate(document));
    }

    [Theory]
    [InlineData(SamlSigning.Assertion)]
    [InlineData(SamlSigning.Response)]
    [InlineData(SamlSigning.ResponseAndAssertion)]
    public void A_NameID_altered_after_signing_is_refused(SamlSigning signing)
    {
        var document = NewResponse().SignedAs(signing).BuildDocument();
        NameId(document).InnerText = "megan.bowen@contoso.example";

        AssertRefused(SamlRefusalCodes.SignatureInvalid, Validate(document));
    }

    [Fact]
    public void A_response_signature_that_fails_is_refused_even_when_the_assertion_signature_verifies()
    {
        var document = NewResponse().SignedAs(SamlSigning.ResponseAndAssertion).BuildDocument();
        Response(document).SetAttribute("IssueInstant", "2026-12-05T11:59:00.000Z");

        AssertRefused(SamlRefusalCodes.SignatureInvalid, Validate(document));
    }
}
