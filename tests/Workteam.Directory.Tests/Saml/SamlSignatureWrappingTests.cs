using System.Xml;
using Workteam.Directory.Saml;
using Workteam.Testing.Saml;

namespace Workteam.Directory.Tests.Saml;

/// <summary>
/// XML signature wrapping: a genuinely signed assertion stays in the document for the signature to verify, while an
/// unsigned one (naming someone else) sits where a careless reader looks. Each variant is refused, and so is each
/// signature that is not an enveloped one over exactly the Response or the Assertion around it.
/// </summary>
public sealed class SamlSignatureWrappingTests : SamlValidatorFixture
{
    private const string XmlDsig = "http://www.w3.org/2000/09/xmldsig#";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void An_unsigned_assertion_placed_before_the_signed_one_is_refused(bool sameId)
    {
        var document = NewResponse().BuildDocument();
        var signed = Assertion(document);
        Response(document).InsertBefore(Forged(signed, sameId), signed);

        AssertRefused(SamlRefusalCodes.AssertionCount, Validate(document));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void An_unsigned_assertion_placed_after_the_signed_one_is_refused(bool sameId)
    {
        var document = NewResponse().BuildDocument();
        var signed = Assertion(document);
        Response(document).InsertAfter(Forged(signed, sameId), signed);

        AssertRefused(SamlRefusalCodes.AssertionCount, Validate(document));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void An_unsigned_assertion_placed_inside_the_signed_one_is_refused(bool sameId)
    {
        var document = NewResponse().BuildDocument();
        var signed = Assertion(document);
        signed.AppendChild(Forged(signed, sameId));

        AssertRefused(SamlRefusalCodes.AssertionCount, Validate(document));
    }

    [Fact]
    public void The_signed_assertion_moved_into_Extensions_with_an_unsigned_one_in_its_place_is_refused()
    {
        var document = NewResponse().BuildDocument();
        var signed = Assertion(document);
        var extensions = NewElement(document, "samlp:Extensions", SamlResponseBuilder.ProtocolNamespace);
        Response(document).InsertBefore(extensions, Find(document, "/samlp:Response/samlp:Status"));
        Response(document).ReplaceChild(Forged(signed, sameId: true), signed);
        extensions.AppendChild(signed);

        AssertRefused(SamlRefusalCodes.AssertionCount, Validate(document));
    }

    [Fact]
    public void The_signed_assertion_moved_into_a_signature_Object_with_an_unsigned_one_in_its_place_is_refused()
    {
        var document = NewResponse().BuildDocument();
        var signed = Assertion(document);
        var signature = SignatureOf(signed);
        var forged = Forged(signed, sameId: true);
        var signatureObject = NewElement(document, "ds:Object", XmlDsig);
        signature.AppendChild(signatureObject);
        forged.InsertAfter(signature, forged.FirstChild);
        Response(document).ReplaceChild(forged, signed);
        signatureObject.AppendChild(signed);

        AssertRefused(SamlRefusalCodes.AssertionCount, Validate(document));
    }

    [Fact]
    public void A_signed_response_wrapped_in_an_unsigned_one_is_refused()
    {
        var genuine = NewResponse().SignedAs(SamlSigning.Response).BuildDocument();
        var wrapper = NewResponse().SignedAs(SamlSigning.None).WithNameId("megan.bowen@contoso.example").BuildDocument();
        var extensions = NewElement(wrapper, "samlp:Extensions", SamlResponseBuilder.ProtocolNamespace);
        Response(wrapper).InsertBefore(extensions, Find(wrapper, "/samlp:Response/samlp:Status"));
        extensions.AppendChild(wrapper.ImportNode(Response(genuine), deep: true));

        AssertRefused(SamlRefusalCodes.AssertionCount, Validate(wrapper));
    }

    [Fact]
    public void An_element_that_repeats_the_signed_assertion_ID_is_refused()
    {
        var document = NewResponse().BuildDocument();
        var extensions = NewElement(document, "samlp:Extensions", SamlResponseBuilder.ProtocolNamespace);
        extensions.SetAttribute("ID", Assertion(document).GetAttribute("ID"));
        Response(document).InsertBefore(extensions, Find(document, "/samlp:Response/samlp:Status"));

        AssertRefused(SamlRefusalCodes.DuplicateId, Validate(document));
    }

    [Fact]
    public void A_signature_moved_out_of_the_assertion_it_signs_is_refused()
    {
        // It still verifies (the enveloped transform takes out whatever signature it finds), but it no longer
        // envelops the element it references, so the Response it sits in is not what it covers.
        var document = NewResponse().BuildDocument();
        var signature = SignatureOf(Assertion(document));
        Response(document).InsertAfter(signature, Find(document, "/samlp:Response/saml:Issuer"));

        AssertRefused(SamlRefusalCodes.SignatureReference, Validate(document));
    }

    [Fact]
    public void A_signature_in_the_assertion_that_references_the_response_is_refused()
    {
        var document = NewResponse().SignedAs(SamlSigning.None).BuildDocument();
        Idp.Sign(Response(document));
        var signature = SignatureOf(Response(document));
        Assertion(document).InsertAfter(signature, Find(document, "/samlp:Response/saml:Assertion/saml:Issuer"));

        AssertRefused(SamlRefusalCodes.SignatureReference, Validate(document));
    }

    [Fact]
    public void A_signature_anywhere_but_on_the_response_or_the_assertion_is_refused()
    {
        var document = NewResponse().BuildDocument();
        var extensions = NewElement(document, "samlp:Extensions", SamlResponseBuilder.ProtocolNamespace);
        extensions.SetAttribute("ID", "_extensions");
        Response(document).InsertBefore(extensions, Find(document, "/samlp:Response/samlp:Status"));
        Idp.Sign(extensions);

        AssertRefused(SamlRefusalCodes.SignatureStructure, Validate(document));
    }

    [Fact]
    public void A_signature_that_carries_an_Object_is_refused()
    {
        var document = NewResponse().BuildDocument();
        SignatureOf(Assertion(document)).AppendChild(NewElement(document, "ds:Object", XmlDsig));

        AssertRefused(SamlRefusalCodes.SignatureStructure, Validate(document));
    }

    [Fact]
    public void A_signature_that_keeps_comments_is_refused()
    {
        var document = NewResponse().SignedAs(SamlSigning.None).BuildDocument();
        Idp.Sign(Assertion(document), keepComments: true);

        AssertRefused(SamlRefusalCodes.SignatureTransform, Validate(document));
    }

    /// <summary>An unsigned copy of the assertion that names someone else.</summary>
    private static XmlElement Forged(XmlElement signed, bool sameId)
    {
        var forged = (XmlElement)signed.CloneNode(deep: true);
        forged.RemoveChild(SignatureOf(forged));
        forged.SetAttribute("ID", sameId ? signed.GetAttribute("ID") : "_" + Guid.NewGuid());
        ((XmlElement)forged.GetElementsByTagName("NameID", SamlResponseBuilder.AssertionNamespace)[0]!).InnerText =
            "megan.bowen@contoso.example";
        return forged;
    }
}
