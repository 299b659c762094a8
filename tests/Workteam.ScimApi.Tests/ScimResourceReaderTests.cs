using System.Text.Json.Nodes;
using Workteam.ScimApi.Protocol;
using Workteam.ScimApi.Protocol.Schema;

namespace Workteam.ScimApi.Tests;

public sealed class ScimResourceReaderTests
{
    private const string Enterprise = ScimSchemas.EnterpriseUserUrn;

    /// <summary>The POST bodies of the Entra documentation (entra-scim.md §5 and §7), with what Workteam stores.</summary>
    public static TheoryData<string, string, string> EntraPostBodies => new()
    {
        {
            "User",
            """
            {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
            "externalId": "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef", "userName": "Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee", "active": true,
            "emails": [{"primary": true, "type": "work", "value": "Test_User_11bb11bb-cc22-dd33-ee44-55ff55ff55ff@testuser.com"}],
            "meta": {"resourceType": "User"}, "name": {"formatted": "givenName familyName", "familyName": "familyName", "givenName": "givenName"}, "roles": []}
            """,
            """
            {"externalId": "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef", "userName": "Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee", "active": true,
            "emails": [{"primary": true, "type": "work", "value": "Test_User_11bb11bb-cc22-dd33-ee44-55ff55ff55ff@testuser.com"}],
            "name": {"formatted": "givenName familyName", "familyName": "familyName", "givenName": "givenName"}}
            """
        },
        {
            "Group",
            """
            {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group", "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"],
            "externalId": "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159", "displayName": "displayName", "meta": {"resourceType": "Group"}}
            """,
            """{"externalId": "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159", "displayName": "displayName"}"""
        },
        {
            "User",
            """
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0User"],
             "externalId":"jyoung","userName":"jyoung@testuser.com","active":true,"addresses":null,"displayName":"Joy Young",
             "emails":[{"type":"work","value":"jyoung@Contoso.com","primary":true}],"meta":{"resourceType":"User"},
             "name":{"familyName":"Young","givenName":"Joy"},"phoneNumbers":null,"preferredLanguage":null,"title":null,
             "department":null,"manager":null}
            """,
            """
            {"externalId":"jyoung","userName":"jyoung@testuser.com","active":true,"displayName":"Joy Young",
             "emails":[{"type":"work","value":"jyoung@Contoso.com","primary":true}],"name":{"familyName":"Young","givenName":"Joy"}}
            """
        },
        {
            "User",
            """{"userName":"admin@contoso.com","roles": [{"primary": true, "type": "WindowsAzureActiveDirectoryRole", "value": "Admin"}]}""",
            """{"userName":"admin@contoso.com","roles": [{"primary": true, "type": "WindowsAzureActiveDirectoryRole", "value": "Admin"}]}"""
        },
        {
            "User",
            """
            {"userName":"roles@contoso.com","roles": [{"primary": false, "type": "WindowsAzureActiveDirectoryRole", "displayName": "Admin", "value": "Admin"},
             {"primary": false, "type": "WindowsAzureActiveDirectoryRole", "value": "User"}]}
            """,
            """
            {"userName":"roles@contoso.com","roles": [{"primary": false, "type": "WindowsAzureActiveDirectoryRole", "display": "Admin", "value": "Admin"},
             {"primary": false, "type": "WindowsAzureActiveDirectoryRole", "value": "User"}]}
            """
        },
    };

    [Theory]
    [MemberData(nameof(EntraPostBodies))]
    public void Entra_post_bodies_are_read_into_the_canonical_form(string resourceType, string body, string expected)
    {
        JsonAssert.Equal(expected, Read(resourceType, body));
    }

    [Theory]
    // Names are matched case-insensitively and stored as the schema spells them.
    [InlineData("""{"USERNAME":"a","Name":{"GIVENNAME":"A"},"Emails":[{"VALUE":"a@x"}]}""",
        """{"userName":"a","name":{"givenName":"A"},"emails":[{"value":"a@x"}]}""")]
    // Extension attributes in their container, or top level with a URN-qualified key.
    [InlineData("""{"userName":"a","%ENT%":{"Department":"Sales","costCenter":"4130"}}""",
        """{"userName":"a","%ENT%":{"department":"Sales","costCenter":"4130"}}""")]
    [InlineData("""{"userName":"a","%ENT%:department":"Sales","urn:ietf:params:scim:schemas:core:2.0:User:title":"Boss"}""",
        """{"userName":"a","title":"Boss","%ENT%":{"department":"Sales"}}""")]
    // Unknown attributes, unknown extensions, password and readOnly attributes are dropped.
    [InlineData("""
        {"userName":"a","id":"123","groups":[{"value":"g"}],"password":"secret","favouriteColour":"blue",
         "urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User:tag":"x",
         "urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User":{"tag":"x"},
         "meta":{"created":"2018-03-27T19:59:26.000Z"},"name":{"nickname":"x"}}
        """, """{"userName":"a"}""")]
    [InlineData("""{"userName":"a","%ENT%":{"manager":{"value":"m1","displayName":"Boss"}}}""",
        """{"userName":"a","%ENT%":{"manager":{"value":"m1"}}}""")]
    // Unassigned values: null, "", [], {} and elements that end up empty.
    [InlineData("""{"userName":"a","displayName":"","name":{},"emails":[],"phoneNumbers":[{},null,{"value":""}],"active":"","%ENT%":{}}""",
        """{"userName":"a"}""")]
    // String booleans from Entra's default mappings become real booleans.
    [InlineData("""{"userName":"a","active":"True","emails":[{"value":"a@x","primary":"FALSE"}]}""",
        """{"userName":"a","active":true,"emails":[{"value":"a@x","primary":false}]}""")]
    [InlineData("""{"userName":"a","active":"false"}""", """{"userName":"a","active":false}""")]
    // A number for a string attribute is taken as its text; single values are wrapped; string elements become values.
    [InlineData("""{"userName":"a","%ENT%":{"employeeNumber":12345},"emails":{"value":"a@x"},"phoneNumbers":["+1 555 0100"]}""",
        """{"userName":"a","%ENT%":{"employeeNumber":"12345"},"emails":[{"value":"a@x"}],"phoneNumbers":[{"value":"+1 555 0100"}]}""")]
    [InlineData("""{"userName":"a","addresses":[{"type":"work","streetAddress":"1 Main St","postalCode":"12345","country":"ML","primary":true}]}""",
        """{"userName":"a","addresses":[{"type":"work","streetAddress":"1 Main St","postalCode":"12345","country":"ML","primary":true}]}""")]
    [InlineData("""{"userName":"a","x509Certificates":[{"value":"MIIDQzCCAqygAwIBAgICEAAw"}]}""",
        """{"userName":"a","x509Certificates":[{"value":"MIIDQzCCAqygAwIBAgICEAAw"}]}""")]
    // Legacy Entra: an extension attribute with no URN at the top level.
    [InlineData("""{"userName":"a","department":"Sales"}""",
        """{"userName":"a","%ENT%":{"department":"Sales"}}""")]
    public void User_bodies_are_read_leniently(string body, string expected)
    {
        JsonAssert.Equal(expected, Read("User", body));
    }

    [Theory]
    [InlineData(""" "m1" """, """{"value":"m1"}""")]
    [InlineData("""{"value":"m1"}""", """{"value":"m1"}""")]
    [InlineData("""[{"$ref":"http://example/scim/Users/m1","value":"m1"}]""", """{"$ref":"http://example/scim/Users/m1","value":"m1"}""")]
    [InlineData("""{"value":"m1","$ref":"../Users/m1","displayName":"John Smith"}""", """{"value":"m1","$ref":"../Users/m1"}""")]
    [InlineData(""" "" """, "null")]
    [InlineData("""{"value":""}""", "null")]
    [InlineData("[]", "null")]
    [InlineData("null", "null")]
    public void Manager_is_read_from_every_shape_entra_sends(string value, string expected)
    {
        var manager = ScimResourceTypes.User.Resolve(new AttributePath(null, "manager"))!;
        JsonAssert.Equal(expected, ScimResourceReader.ReadValue(ScimResourceTypes.User, manager, JsonNode.Parse(value)));
    }

    [Theory]
    [InlineData("""[{"value":"{\"id\":\"06b07648-ecfe-589f-9d2f-6325724a46ee\",\"value\":\"25\",\"displayName\":\"Role1234\"}"}]""",
        """[{"value":"25","display":"Role1234"}]""")]
    [InlineData("""[{"primary":false,"type":"WindowsAzureActiveDirectoryRole","display":"User","value":"User"}]""",
        """[{"primary":false,"type":"WindowsAzureActiveDirectoryRole","display":"User","value":"User"}]""")]
    [InlineData("""[{"primary":"True","value":"Admin"}]""", """[{"primary":true,"value":"Admin"}]""")]
    [InlineData("""[{"value":"{not json"}]""", """[{"value":"{not json"}]""")]
    public void Roles_are_decoded_when_entra_sends_them_json_encoded(string value, string expected)
    {
        var roles = ScimResourceTypes.User.Resolve(new AttributePath(null, "roles"))!;
        JsonAssert.Equal(expected, ScimResourceReader.ReadValue(ScimResourceTypes.User, roles, JsonNode.Parse(value)));
    }

    [Theory]
    [InlineData("name.familyName", """ "updatedFamilyName" """, """ "updatedFamilyName" """)]
    [InlineData("emails.value", """ "updatedEmail@microsoft.com" """, """ "updatedEmail@microsoft.com" """)]
    [InlineData("active", """ "False" """, "false")]
    [InlineData("active", "false", "false")]
    [InlineData("nickName", """ "Babs" """, """ "Babs" """)]
    [InlineData("nickName", """ "" """, "null")]
    [InlineData($"{Enterprise}:employeeNumber", """ "Eqpj" """, """ "Eqpj" """)]
    [InlineData("members", """[{"$ref":null,"value":"f648f8d5ea4e4cd38e9c"}]""", """[{"value":"f648f8d5ea4e4cd38e9c"}]""")]
    [InlineData("members", """{"value":"u1","type":"user","display":"Ann"}""", """[{"value":"u1","type":"User"}]""")]
    [InlineData("members", """["u1","g1"]""", """[{"value":"u1"},{"value":"g1"}]""")]
    public void Patch_values_follow_the_same_rules(string path, string value, string expected)
    {
        var type = path == "members" ? ScimResourceTypes.Group : ScimResourceTypes.User;
        var target = type.Resolve(Path(path))!;
        JsonAssert.Equal(expected, ScimResourceReader.ReadValue(type, target, JsonNode.Parse(value)));
    }

    [Theory]
    [InlineData("User", """{"userName":""}""", "invalidValue", "userName")]
    [InlineData("User", """{"externalId":"x"}""", "invalidValue", "userName")]
    [InlineData("Group", """{"displayName":null,"members":[]}""", "invalidValue", "displayName")]
    [InlineData("User", """{"userName":"a","active":"yes"}""", "invalidValue", "'active' must be true or false")]
    [InlineData("User", """{"userName":"a","active":1}""", "invalidValue", "'active' must be true or false")]
    [InlineData("User", """{"userName":true}""", "invalidValue", "'userName' must be a string")]
    [InlineData("User", """{"userName":"a","name":"Joy Young"}""", "invalidValue", "'name' must be an object")]
    [InlineData("User", """{"userName":"a","emails":[{"value":"a@x","primary":true},{"value":"b@x","primary":"True"}]}""", "invalidValue", "'emails' has more than one primary")]
    [InlineData("User", """{"userName":"a","emails":[["a@x"]]}""", "invalidValue", "'emails' must be objects")]
    [InlineData("User", """{"userName":"a","x509Certificates":[{"value":"not base64!"}]}""", "invalidValue", "x509Certificates.value")]
    [InlineData("User", """{"userName":"a","%ENT%":"Sales"}""", "invalidValue", Enterprise)]
    [InlineData("User", """{"userName":"a","%ENT%":{"manager":42.5}}""", "invalidValue", $"'{Enterprise}:manager' must be an object")]
    [InlineData("Group", """{"displayName":"g","members":[{"display":"Ann"}]}""", "invalidValue", "'members' needs a non-empty string 'value'")]
    [InlineData("Group", """{"displayName":"g","members":[{"value":""}]}""", "invalidValue", "'members' needs a non-empty string 'value'")]
    [InlineData("Group", """{"displayName":"g","members":[{"value":"u1","type":"Device"}]}""", "invalidValue", "'members.type' must be User or Group")]
    public void Invalid_values_are_refused_with_the_attribute_named(string resourceType, string body, string scimType, string detail)
    {
        var error = Assert.Throws<ScimProtocolException>(() => Read(resourceType, body));
        Assert.Equal(400, error.Status);
        Assert.Equal(scimType, error.ScimType);
        Assert.Contains(detail, error.Detail);
    }

    [Theory]
    [InlineData("displayName", ScimInputLimits.MaxStringLength, false)]
    [InlineData("displayName", ScimInputLimits.MaxStringLength + 1, true)]
    [InlineData("x509Certificates", ScimInputLimits.MaxBinaryLength, false)]
    [InlineData("x509Certificates", ScimInputLimits.MaxBinaryLength + 4, true)]
    public void Strings_are_limited_in_length(string attribute, int length, bool refused)
    {
        var value = attribute == "displayName"
            ? JsonValue.Create(new string('x', length))
            : (JsonNode)new JsonArray(new JsonObject { ["value"] = new string('A', length) });
        var body = new JsonObject { ["userName"] = "a", [attribute] = value };

        var read = () => ScimResourceReader.ReadResource(ScimResourceTypes.User, body);

        if (refused)
        {
            var error = Assert.Throws<ScimProtocolException>(read);
            Assert.Equal("invalidValue", error.ScimType);
            Assert.Contains(attribute, error.Detail);
        }
        else
        {
            Assert.True(read().ContainsKey(attribute));
        }
    }

    [Theory]
    [InlineData("User", "emails", ScimInputLimits.MaxMultiValuedElements)]
    [InlineData("Group", "members", ScimInputLimits.MaxGroupMembersPerRequest)]
    public void Multi_valued_attributes_are_limited_in_count(string resourceType, string attribute, int limit)
    {
        JsonObject Body(int count) => new()
        {
            [resourceType == "User" ? "userName" : "displayName"] = "a",
            [attribute] = new JsonArray([.. Enumerable.Range(0, count).Select(i => (JsonNode)new JsonObject { ["value"] = $"v{i}" })]),
        };
        var type = ScimResourceTypes.Find(resourceType)!;

        Assert.Equal(limit, ScimResourceReader.ReadResource(type, Body(limit))[attribute]!.AsArray().Count);
        var error = Assert.Throws<ScimProtocolException>(() => ScimResourceReader.ReadResource(type, Body(limit + 1)));
        Assert.Equal("invalidValue", error.ScimType);
        Assert.Contains($"'{attribute}'", error.Detail);
    }

    [Fact]
    public void The_body_is_not_changed()
    {
        var body = JsonAssert.Object("""{"userName":"a","active":"True","emails":"a@x"}""");
        var before = body.ToJsonString();

        ScimResourceReader.ReadResource(ScimResourceTypes.User, body);

        Assert.Equal(before, body.ToJsonString());
    }

    private static JsonObject Read(string resourceType, string body) =>
        ScimResourceReader.ReadResource(ScimResourceTypes.Find(resourceType)!, JsonAssert.Object(body));

    private static AttributePath Path(string path)
    {
        var colon = path.LastIndexOf(':');
        var urn = colon < 0 ? null : path[..colon];
        var (name, sub) = path[(colon + 1)..].Split('.') is [var n, var s] ? (n, s) : (path[(colon + 1)..], null);
        return new AttributePath(urn, name, sub);
    }
}
