using System.Xml;
using Codes = Workteam.Directory.Saml.SamlRefusalCodes;

namespace Workteam.Directory.Saml;

/// <summary>
/// Reads an Assertion whose signature (its own or its Response's) has verified: issuer, subject, bearer confirmation,
/// conditions, authentication statement and attributes, each checked against the service provider and the clock.
/// Only this element is read, so nothing comes from outside what was signed.
/// </summary>
internal sealed class SignedAssertion(XmlElement assertion, SamlServiceProvider sp, SamlIdentityProvider idp, DateTimeOffset now)
{
    private static readonly TimeSpan Skew = SamlResponseValidator.MaxClockSkew;

    /// <param name="responseInResponseTo">The Response's InResponseTo, which its signature covers only when
    /// <paramref name="responseIsSigned"/>.</param>
    public SamlAssertion Read(string? responseInResponseTo, bool responseIsSigned)
    {
        SamlResponseValidator.CheckVersion(assertion);
        var issuer = assertion.Child(SamlNames.Assertion, "Issuer")
            ?? throw new SamlRefusedException(Codes.Issuer, "The assertion has no Issuer.");
        SamlResponseValidator.CheckIssuer(issuer, idp, "assertion");
        var id = assertion.GetAttribute("ID");
        if (id.Length == 0)
        {
            throw new SamlRefusedException(Codes.Malformed, "The assertion has no ID.");
        }

        var subject = Single("Subject", Codes.Subject);
        var nameId = NameId(subject);
        var confirmation = BearerConfirmation(subject);
        var conditionsEnd = CheckConditions();
        CheckAuthnStatement();

        var confirmationInResponseTo = confirmation.AttributeOrNull("InResponseTo");
        return new SamlAssertion(
            nameId,
            subject.Child(SamlNames.Assertion, "NameID")!.AttributeOrNull("Format"),
            id,
            InResponseTo(confirmationInResponseTo, responseInResponseTo, responseIsSigned),
            Min(conditionsEnd, Instant(confirmation, "NotOnOrAfter", Codes.Bearer)!.Value) + Skew,
            Attributes());
    }

    private XmlElement Single(string localName, string code)
    {
        var elements = assertion.Children(SamlNames.Assertion, localName).ToList();
        return elements.Count == 1
            ? elements[0]
            : throw new SamlRefusedException(code, $"The assertion has {elements.Count} {localName} elements; exactly one is expected.");
    }

    /// <summary>The NameID's text, refused when anything but text is inside it: a comment there is dropped by
    /// canonicalization, so it changes what a reader sees without breaking the signature.</summary>
    private static string NameId(XmlElement subject)
    {
        var nameId = subject.Child(SamlNames.Assertion, "NameID")
            ?? throw new SamlRefusedException(Codes.Subject, "The assertion's Subject has no NameID (an encrypted or other identifier is not accepted).");
        var text = nameId.TextOnly()
            ?? throw new SamlRefusedException(Codes.NameId, "The NameID contains a comment or markup; only plain text is accepted.");
        var value = text.Trim();
        return value.Length > 0 ? value : throw new SamlRefusedException(Codes.NameId, "The NameID is empty.");
    }

    /// <summary>A bearer SubjectConfirmation whose data is addressed to this Reply URL and is still current.</summary>
    private XmlElement BearerConfirmation(XmlElement subject)
    {
        var bearers = subject.Children(SamlNames.Assertion, "SubjectConfirmation")
            .Where(confirmation => confirmation.GetAttribute("Method") == SamlNames.BearerMethod)
            .Select(confirmation => confirmation.Child(SamlNames.Assertion, "SubjectConfirmationData"))
            .ToList();
        if (bearers.Count == 0)
        {
            throw new SamlRefusedException(Codes.Bearer, "The assertion has no bearer SubjectConfirmation, which the Web Browser SSO profile requires.");
        }

        SamlRefusedException? firstProblem = null;
        foreach (var data in bearers)
        {
            var problem = ProblemWith(data);
            if (problem is null)
            {
                return data!;
            }

            firstProblem ??= problem;
        }

        throw firstProblem!;
    }

    private SamlRefusedException? ProblemWith(XmlElement? data)
    {
        if (data is null)
        {
            return new SamlRefusedException(Codes.Bearer, "The bearer SubjectConfirmation has no SubjectConfirmationData.");
        }

        var recipient = data.AttributeOrNull("Recipient");
        if (!SamlResponseValidator.SameUrl(recipient, sp.AcsUrl))
        {
            return new SamlRefusedException(Codes.Recipient,
                $"The assertion's Recipient is \"{recipient}\", not this organization's Reply URL {sp.AcsUrl.AbsoluteUri}.");
        }

        try
        {
            var notOnOrAfter = Instant(data, "NotOnOrAfter", Codes.Bearer)
                ?? throw new SamlRefusedException(Codes.Bearer, "The SubjectConfirmationData has no NotOnOrAfter.");
            CheckWindow(Instant(data, "NotBefore", Codes.Bearer), notOnOrAfter, "SubjectConfirmationData");
            return null;
        }
        catch (SamlRefusedException problem)
        {
            return problem;
        }
    }

    /// <summary>Checks the Conditions' window and audiences; returns when the window ends.</summary>
    private DateTimeOffset CheckConditions()
    {
        var conditions = Single("Conditions", Codes.Conditions);
        var notOnOrAfter = Instant(conditions, "NotOnOrAfter", Codes.Conditions);
        CheckWindow(Instant(conditions, "NotBefore", Codes.Conditions), notOnOrAfter, "Conditions");

        var restrictions = conditions.Children(SamlNames.Assertion, "AudienceRestriction").ToList();
        if (restrictions.Count == 0)
        {
            throw new SamlRefusedException(Codes.Audience, "The assertion has no AudienceRestriction.");
        }

        foreach (var restriction in restrictions)
        {
            var audiences = restriction.Children(SamlNames.Assertion, "Audience").Select(audience => audience.InnerText.Trim()).ToList();
            if (!audiences.Contains(sp.EntityId, StringComparer.Ordinal))
            {
                throw new SamlRefusedException(Codes.Audience,
                    $"The assertion is for the audience {string.Join(", ", audiences.Select(audience => $"\"{audience}\""))}, "
                    + $"not this organization's Identifier (Entity ID) {sp.EntityId}.");
            }
        }

        return notOnOrAfter ?? DateTimeOffset.MaxValue - Skew;
    }

    private void CheckAuthnStatement()
    {
        var statements = assertion.Children(SamlNames.Assertion, "AuthnStatement").ToList();
        if (statements.Count == 0)
        {
            throw new SamlRefusedException(Codes.AuthnStatement, "The assertion has no AuthnStatement, which the Web Browser SSO profile requires.");
        }

        foreach (var statement in statements)
        {
            CheckWindow(null, Instant(statement, "SessionNotOnOrAfter", Codes.AuthnStatement), "AuthnStatement's session");
        }
    }

    private void CheckWindow(DateTimeOffset? notBefore, DateTimeOffset? notOnOrAfter, string of)
    {
        if (notBefore is { } start && now + Skew < start)
        {
            throw new SamlRefusedException(Codes.NotYetValid,
                $"The {of} is valid from {start:u} only; Workteam's clock says {now:u} (with {Skew.TotalMinutes} minutes of skew allowed).");
        }

        if (notOnOrAfter is { } end && now - Skew >= end)
        {
            throw new SamlRefusedException(Codes.Expired,
                $"The {of} expired at {end:u}; Workteam's clock says {now:u} (with {Skew.TotalMinutes} minutes of skew allowed).");
        }
    }

    private static string? InResponseTo(string? confirmation, string? response, bool responseIsSigned)
    {
        if (confirmation is not null && response is not null && confirmation != response)
        {
            throw new SamlRefusedException(Codes.InResponseTo,
                $"The Response answers the request \"{response}\" but its assertion answers \"{confirmation}\".");
        }

        if (confirmation is null && response is not null && !responseIsSigned)
        {
            throw new SamlRefusedException(Codes.InResponseTo,
                "The Response's InResponseTo is not covered by a signature and its assertion does not repeat it.");
        }

        return confirmation ?? response;
    }

    private Dictionary<string, IReadOnlyList<string>> Attributes()
    {
        var attributes = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var attribute in assertion.Children(SamlNames.Assertion, "AttributeStatement")
                     .SelectMany(statement => statement.Children(SamlNames.Assertion, "Attribute")))
        {
            var name = attribute.GetAttribute("Name");
            var values = attribute.Children(SamlNames.Assertion, "AttributeValue")
                .Select(value => value.TextOnly() ?? throw new SamlRefusedException(Codes.Attribute,
                    $"A value of the attribute \"{name}\" contains a comment or markup; only plain text is accepted."))
                .ToList();
            attributes[name] = attributes.TryGetValue(name, out var earlier) ? [.. earlier, .. values] : values;
        }

        return attributes;
    }

    private static DateTimeOffset? Instant(XmlElement element, string attribute, string code)
    {
        var text = element.AttributeOrNull(attribute);
        if (text is null)
        {
            return null;
        }

        return SamlElements.ParseInstant(text)
            ?? throw new SamlRefusedException(code, $"The {element.LocalName}'s {attribute} \"{text}\" is not a date and time.");
    }

    private static DateTimeOffset Min(DateTimeOffset first, DateTimeOffset second) => first < second ? first : second;
}
