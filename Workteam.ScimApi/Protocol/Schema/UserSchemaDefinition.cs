namespace Workteam.ScimApi.Protocol.Schema;

/// <summary>
/// The core User schema (RFC 7643 §4.1) without <c>password</c>: Workteam does not accept SCIM passwords,
/// so a password sent by a client is ignored like any unknown attribute.
/// </summary>
internal static class UserSchemaDefinition
{
    public static ScimSchema Create() => new(ScimSchemas.UserUrn, "User", "User Account",
    [
        CommonAttributes.Id,
        CommonAttributes.ExternalId,
        CommonAttributes.Meta,
        new("userName", AttributeType.String,
            "Unique identifier for the user, used to sign in; compared case-insensitively.",
            Required: true, Uniqueness: Uniqueness.Server),
        Name,
        Text("displayName", "The name of the user, suitable for display."),
        Text("nickName", "The casual way to address the user."),
        new("profileUrl", AttributeType.Reference, "A URI of the user's online profile.", ReferenceTypes: ["external"]),
        Text("title", "The user's job title."),
        Text("userType", "The relationship between the organization and the user, e.g. Employee or Contractor."),
        Text("preferredLanguage", "The user's preferred written or spoken language, e.g. en-US."),
        Text("locale", "The user's default location for localizing dates, currency and numbers, e.g. en-US."),
        Text("timezone", "The user's time zone in IANA format, e.g. Europe/Berlin."),
        new("active", AttributeType.Boolean, "Whether the user can use Workteam; false disables the user."),
        MultiValuedAttributes.Create("emails", "Email addresses of the user.", ["work", "home", "other"]),
        MultiValuedAttributes.Create("phoneNumbers", "Phone numbers of the user.", ["work", "home", "mobile", "fax", "pager", "other"]),
        MultiValuedAttributes.Create("ims", "Instant messaging addresses of the user.",
            ["aim", "gtalk", "icq", "xmpp", "msn", "skype", "qq", "yahoo"]),
        MultiValuedAttributes.Create("photos", "URLs of images of the user.", ["photo", "thumbnail"],
            new ScimAttribute("value", AttributeType.Reference, "URL of an image of the user.", ReferenceTypes: ["external"])),
        Addresses,
        Groups,
        MultiValuedAttributes.Create("entitlements", "Entitlements of the user."),
        MultiValuedAttributes.Create("roles", "Roles of the user."),
        MultiValuedAttributes.Create("x509Certificates", "X.509 certificates of the user.",
            value: new ScimAttribute("value", AttributeType.Binary, "A DER-encoded X.509 certificate, base64-encoded.")),
    ]);

    private static ScimAttribute Name => new("name", AttributeType.Complex, "The components of the user's name.",
        SubAttributes:
        [
            Text("formatted", "The full name, formatted for display."),
            Text("familyName", "The family (last) name."),
            Text("givenName", "The given (first) name."),
            Text("middleName", "The middle name(s)."),
            Text("honorificPrefix", "The honorific prefix, e.g. Ms."),
            Text("honorificSuffix", "The honorific suffix, e.g. III."),
        ]);

    private static ScimAttribute Addresses => new("addresses", AttributeType.Complex, "Physical mailing addresses of the user.",
        MultiValued: true,
        SubAttributes:
        [
            Text("formatted", "The full mailing address, formatted for display."),
            Text("streetAddress", "The street address."),
            Text("locality", "The city or locality."),
            Text("region", "The state or region."),
            Text("postalCode", "The zip or postal code."),
            Text("country", "The country, as an ISO 3166-1 alpha-2 code."),
            new("type", AttributeType.String, "A label indicating the address's function.", CanonicalValues: ["work", "home", "other"]),
            MultiValuedAttributes.Primary,
        ]);

    private static ScimAttribute Groups => new("groups", AttributeType.Complex,
        "The groups the user belongs to; changed through the Group resource only.",
        MultiValued: true, Mutability: Mutability.ReadOnly,
        SubAttributes:
        [
            ReadOnly(new("value", AttributeType.String, "The id of the group.")),
            ReadOnly(new("$ref", AttributeType.Reference, "The URI of the group.", ReferenceTypes: ["User", "Group"])),
            ReadOnly(new("display", AttributeType.String, "The group's display name.")),
            ReadOnly(new("type", AttributeType.String, "Whether the membership is direct or through another group.",
                CanonicalValues: ["direct", "indirect"])),
        ]);

    private static ScimAttribute Text(string name, string description) => new(name, AttributeType.String, description);

    private static ScimAttribute ReadOnly(ScimAttribute attribute) => attribute with { Mutability = Mutability.ReadOnly };
}
