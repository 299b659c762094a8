using Workteam.Directory.Saml;
using Workteam.Testing.Saml;

namespace Workteam.Directory.Tests.Saml;

/// <summary>What the signed assertion says is checked: its subject, for whom and where it is meant, and when.</summary>
public sealed class SamlAssertionChecksTests : SamlValidatorFixture
{
    [Fact]
    public void A_comment_inside_the_NameID_is_refused()
    {
        // Canonicalization drops comments, so the signature over "adele.vance@contoso.example.evil.test" still
        // verifies while a reader that stops at the comment would see adele.vance@contoso.example.
        var document = NewResponse().WithNameId("adele.vance@contoso.example.evil.test").BuildDocument();
        var nameId = NameId(document);
        nameId.FirstChild!.Value = "adele.vance@contoso.example";
        nameId.AppendChild(document.CreateComment(""));
        nameId.AppendChild(document.CreateTextNode(".evil.test"));

        AssertRefused(SamlRefusalCodes.NameId, Validate(document));
    }

    [Fact]
    public void An_element_inside_the_NameID_is_refused_even_when_signed()
    {
        var document = NewResponse().SignedAs(SamlSigning.None).BuildDocument();
        NameId(document).AppendChild(NewElement(document, "saml:Extra", SamlResponseBuilder.AssertionNamespace));
        Idp.Sign(Assertion(document));

        AssertRefused(SamlRefusalCodes.NameId, Validate(document));
    }

    [Fact]
    public void An_empty_NameID_is_refused()
    {
        AssertRefused(SamlRefusalCodes.NameId, Validate(NewResponse().WithNameId("   ")));
    }

    [Fact]
    public void A_comment_inside_an_attribute_value_is_refused()
    {
        var document = NewResponse().WithAttribute("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress", "adele.vance@contoso.example")
            .BuildDocument();
        var value = Find(document, "//saml:Attribute[@Name='http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress']/saml:AttributeValue");
        value.InsertAfter(document.CreateComment("x"), value.FirstChild);

        AssertRefused(SamlRefusalCodes.Attribute, Validate(document));
    }

    [Fact]
    public void An_assertion_for_another_audience_is_refused()
    {
        var reason = AssertRefused(SamlRefusalCodes.Audience, Validate(NewResponse().WithAudience("https://another-app.example")));

        Assert.Contains(Sp.EntityId, reason);
    }

    [Fact]
    public void An_assertion_for_another_recipient_is_refused()
    {
        var response = NewResponse().WithRecipient("https://workteam.example/saml/11111111-2222-3333-4444-555555555555/acs");

        AssertRefused(SamlRefusalCodes.Recipient, Validate(response));
    }

    [Fact]
    public void An_assertion_without_a_bearer_confirmation_is_refused()
    {
        var document = NewResponse().SignedAs(SamlSigning.None).BuildDocument();
        Find(document, "//saml:SubjectConfirmation").SetAttribute("Method", "urn:oasis:names:tc:SAML:2.0:cm:holder-of-key");
        Idp.Sign(Assertion(document));

        AssertRefused(SamlRefusalCodes.Bearer, Validate(document));
    }

    [Fact]
    public void An_assertion_without_an_AuthnStatement_is_refused()
    {
        var document = NewResponse().SignedAs(SamlSigning.None).BuildDocument();
        Assertion(document).RemoveChild(Find(document, "//saml:AuthnStatement"));
        Idp.Sign(Assertion(document));

        AssertRefused(SamlRefusalCodes.AuthnStatement, Validate(document));
    }

    [Fact]
    public void A_confirmation_that_expired_more_than_the_skew_ago_is_refused_and_one_within_the_skew_is_accepted()
    {
        var response = NewResponse().ToBase64(); // the confirmation ends 5 minutes after issuing

        Clock.Advance(TimeSpan.FromMinutes(8) - TimeSpan.FromMilliseconds(1));
        AssertAccepted(Validate(response));
        Clock.Advance(TimeSpan.FromMilliseconds(1));
        var reason = AssertRefused(SamlRefusalCodes.Expired, Validate(response));
        Assert.Contains("SubjectConfirmationData", reason);
    }

    [Fact]
    public void Conditions_that_expired_more_than_the_skew_ago_are_refused()
    {
        var response = NewResponse()
            .WithConditions(Now.AddMinutes(-5), Now.AddMinutes(10))
            .WithConfirmationNotOnOrAfter(Now.AddHours(1))
            .ToBase64();

        Clock.Advance(TimeSpan.FromMinutes(12));
        AssertAccepted(Validate(response));
        Clock.Advance(TimeSpan.FromMinutes(1));
        var reason = AssertRefused(SamlRefusalCodes.Expired, Validate(response));
        Assert.Contains("Conditions", reason);
    }

    [Fact]
    public void Conditions_that_start_more_than_the_skew_ahead_are_refused()
    {
        var response = NewResponse().WithConditions(Now.AddMinutes(3).AddSeconds(1), Now.AddHours(1));

        AssertRefused(SamlRefusalCodes.NotYetValid, Validate(response));
    }

    [Fact]
    public void Conditions_that_start_within_the_skew_are_accepted()
    {
        AssertAccepted(Validate(NewResponse().WithConditions(Now.AddMinutes(3), Now.AddHours(1))));
    }

    [Fact]
    public void Different_InResponseTo_on_the_response_and_the_assertion_are_refused()
    {
        var document = NewResponse().BuildDocument();
        Response(document).SetAttribute("InResponseTo", "_another-request");

        AssertRefused(SamlRefusalCodes.InResponseTo, Validate(document));
    }

    [Fact]
    public void An_InResponseTo_only_on_an_unsigned_response_is_refused()
    {
        var document = Idp.Response(Sp.EntityId, Sp.AcsUrl).IssuedAt(Now).BuildDocument();
        Response(document).SetAttribute("InResponseTo", RequestId);

        AssertRefused(SamlRefusalCodes.InResponseTo, Validate(document));
    }
}
