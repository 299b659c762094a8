using Workteam.ScimApi.Protocol.Schema;
using static Workteam.ScimApi.Tests.Patch.PatchTestData;

namespace Workteam.ScimApi.Tests.Patch;

/// <summary>Every user PATCH body of entra-scim.md (§5, §6, §8), in both Entra dialects, with the exact resulting user.</summary>
public sealed class UserPatchTests
{
    /// <summary>(case, starting resource, PATCH body, resulting resource).</summary>
    public static TheoryData<string, string, string, string> EntraRequests => new()
    {
        {
            "Disable user, default dialect: \"False\" string",
            "User",
            """{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","path":"active","value":"False"}]}""",
            Expect("\"active\": false")
        },
        {
            "Disable user, aadOptscim062020: boolean; Operations before schemas",
            "User",
            """{"Operations": [{"op": "replace", "path": "active", "value": false}], "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"]}""",
            Expect("\"active\": false")
        },
        {
            "Enable user, \"True\" string",
            """{"userName": "u", "active": false}""",
            """{"Operations":[{"op":"Replace","path":"active","value":"True"}]}""",
            """{"userName": "u", "active": true}"""
        },
        {
            "Add nickName, default dialect",
            "User",
            """{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Add","path":"nickName","value":"Babs"}]}""",
            Expect("\"active\": true, \"nickName\": \"Babs\"")
        },
        {
            "Add nickName, aadOptscim062020",
            "User",
            """{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"add","path":"nickName","value":"Babs"}]}""",
            Expect("\"active\": true, \"nickName\": \"Babs\"")
        },
        {
            "Replace multiple attributes, default dialect: one op per attribute",
            "User",
            """
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
             {"op":"Replace","path":"displayName","value":"Pvlo"},
             {"op":"Replace","path":"emails[type eq \"work\"].value","value":"TestBcwqnm@test.microsoft.com"},
             {"op":"Replace","path":"name.givenName","value":"Gtfd"},
             {"op":"Replace","path":"name.familyName","value":"Pkqf"},
             {"op":"Replace","path":"externalId","value":"Eqpj"},
             {"op":"Replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber","value":"Eqpj"}]}
            """,
            """
            {"externalId": "Eqpj", "userName": "Test_User_00aa", "active": true, "displayName": "Pvlo",
             "name": {"formatted": "givenName familyName", "familyName": "Pkqf", "givenName": "Gtfd"},
             "emails": [{"value": "TestBcwqnm@test.microsoft.com", "type": "work", "primary": true}],
             "%ENT%": {"employeeNumber": "Eqpj", "department": "Sales", "manager": {"value": "m-1"}}}
            """
        },
        {
            "Replace multiple attributes, aadOptscim062020: valuePath op plus one no-path replace with dotted and URN keys",
            "User",
            """
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
             {"op":"replace","path":"emails[type eq \"work\"].value","value":"TestMhvaes@test.microsoft.com"},
             {"op":"replace","value":{"displayName":"Bjfe","name.givenName":"Kkom","name.familyName":"Unua",
               "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber":"Aklq"}}]}
            """,
            """
            {"externalId": "0a21f0f2", "userName": "Test_User_00aa", "active": true, "displayName": "Bjfe",
             "name": {"formatted": "givenName familyName", "familyName": "Unua", "givenName": "Kkom"},
             "emails": [{"value": "TestMhvaes@test.microsoft.com", "type": "work", "primary": true}],
             "%ENT%": {"employeeNumber": "Aklq", "department": "Sales", "manager": {"value": "m-1"}}}
            """
        },
        {
            "Update User [Multi-valued properties]: work email and familyName",
            "User",
            """
            {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{"op": "Replace", "path": "emails[type eq \"work\"].value",
            "value": "updatedEmail@microsoft.com"}, {"op": "Replace", "path": "name.familyName", "value": "updatedFamilyName"}]}
            """,
            """
            {"externalId": "0a21f0f2", "userName": "Test_User_00aa", "active": true, "displayName": "Test User",
             "name": {"formatted": "givenName familyName", "familyName": "updatedFamilyName", "givenName": "givenName"},
             "emails": [{"value": "updatedEmail@microsoft.com", "type": "work", "primary": true}],
             "%ENT%": {"employeeNumber": "1", "department": "Sales", "manager": {"value": "m-1"}}}
            """
        },
        {
            "Work email replace on a user without a work email creates it",
            "HomeUser",
            """{"Operations": [{"op": "Replace", "path": "emails[type eq \"work\"].value", "value": "new@contoso.com"}]}""",
            """
            {"userName": "home_user", "active": true,
             "emails": [{"value": "me@home.example", "type": "home"}, {"type": "work", "value": "new@contoso.com"}]}
            """
        },
        {
            "Work email add on a user without emails creates it (validator)",
            """{"userName": "u"}""",
            """{"Operations": [{"op": "add", "path": "emails[type eq \"work\"].value", "value": "new@contoso.com"}]}""",
            """{"userName": "u", "emails": [{"type": "work", "value": "new@contoso.com"}]}"""
        },
        {
            "Update User [Single-valued properties]: userName",
            "User",
            """
            {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{"op": "Replace", "path": "userName",
            "value": "5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com"}]}
            """,
            Expect("\"active\": true", userName: "5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com")
        },
        {
            "Update User userName, validator: no-path replace",
            "User",
            """{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"userName":"renamed@contoso.com"}}]}""",
            Expect("\"active\": true", userName: "renamed@contoso.com")
        },
        {
            "Manager, legacy add with a [{$ref, value}] array",
            """{"userName": "u"}""",
            """
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
             "Operations":[{"op":"Add","path":"manager","value":[{"$ref":"http://example.com/scim/Users/00aa00aa-bb11-cc22-dd33-44ee44ee44ee","value":"00aa00aa-bb11-cc22-dd33-44ee44ee44ee"}]}]}
            """,
            """
            {"userName": "u", "%ENT%": {"manager": {"$ref": "http://example.com/scim/Users/00aa00aa-bb11-cc22-dd33-44ee44ee44ee",
             "value": "00aa00aa-bb11-cc22-dd33-44ee44ee44ee"}}}
            """
        },
        {
            "Manager, validator add with {value} on the URN path",
            """{"userName": "u"}""",
            """{"Operations":[{"op":"add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":{"value":"m-2"}}]}""",
            """{"userName": "u", "%ENT%": {"manager": {"value": "m-2"}}}"""
        },
        {
            "Manager, replace with a raw string; a new manager drops the old $ref",
            """{"userName": "u", "%ENT%": {"manager": {"value": "m-1", "$ref": "http://example.com/scim/Users/m-1"}}}""",
            """{"Operations":[{"op":"replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":"m-2"}]}""",
            """{"userName": "u", "%ENT%": {"manager": {"value": "m-2"}}}"""
        },
        {
            "Manager, replace with \"\" clears it",
            "User",
            """{"Operations":[{"op":"replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":""}]}""",
            Expect("\"active\": true", enterprise: "{\"employeeNumber\": \"1\", \"department\": \"Sales\"}")
        },
        {
            "Manager, replace with {value: \"\"} clears it",
            "User",
            """{"Operations":[{"op":"Replace","path":"manager","value":{"value":""}}]}""",
            Expect("\"active\": true", enterprise: "{\"employeeNumber\": \"1\", \"department\": \"Sales\"}")
        },
        {
            "Manager, remove",
            "User",
            """{"Operations":[{"op":"remove","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager"}]}""",
            Expect("\"active\": true", enterprise: "{\"employeeNumber\": \"1\", \"department\": \"Sales\"}")
        },
        {
            "Manager, remove the last enterprise attribute drops the extension",
            """{"userName": "u", "%ENT%": {"manager": {"value": "m-1"}}}""",
            """{"Operations":[{"op":"Remove","path":"manager"}]}""",
            """{"userName": "u"}"""
        },
        {
            "Roles, default dialect: value is a JSON-encoded string",
            """{"userName": "u"}""",
            """
            {"Operations":[{"op":"Add","path":"roles","value":[{"value":"{\"id\":\"06b07648-ecfe-589f-9d2f-6325724a46ee\",\"value\":\"25\",\"displayName\":\"Role1234\"}"}]}]}
            """,
            """{"userName": "u", "roles": [{"value": "25", "display": "Role1234"}]}"""
        },
        {
            "Roles, AssertiveAppRoleAssignmentsComplex replaces all; primary \"True\" becomes a boolean",
            "DetailedUser",
            """
            {"Operations":[{"op":"replace","path":"roles","value":[
             {"primary":false,"type":"WindowsAzureActiveDirectoryRole","display":"User","value":"User"},
             {"primary":"True","type":"WindowsAzureActiveDirectoryRole","display":"Writer","value":"Writer"}]}]}
            """,
            Detailed(roles: """
                [{"primary": false, "type": "WindowsAzureActiveDirectoryRole", "display": "User", "value": "User"},
                 {"primary": true, "type": "WindowsAzureActiveDirectoryRole", "display": "Writer", "value": "Writer"}]
                """)
        },
        {
            "Multiple ops on the same attribute: the last replace wins",
            "User",
            """
            {"Operations":[{"op":"replace","path":"displayName","value":"First"},{"op":"replace","path":"displayName","value":"Second"},
             {"op":"add","path":"emails","value":[{"value":"x@home.example","type":"home"}]},
             {"op":"remove","path":"emails[type eq \"home\"]"}]}
            """,
            Expect("\"active\": true", displayName: "Second")
        },
        {
            "Replace Attributes Verbose (validator): many replace ops including phone and address valuePaths",
            "DetailedUser",
            """
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
             {"op":"replace","path":"userName","value":"verbose@contoso.com"},
             {"op":"replace","path":"active","value":true},
             {"op":"replace","path":"displayName","value":"Verbose"},
             {"op":"replace","path":"title","value":"Engineer"},
             {"op":"replace","path":"preferredLanguage","value":"en-US"},
             {"op":"replace","path":"name.givenName","value":"Ver"},
             {"op":"replace","path":"name.familyName","value":"Bose"},
             {"op":"replace","path":"name.formatted","value":"Ver Bose"},
             {"op":"replace","path":"emails[type eq \"work\"].value","value":"verbose@contoso.com"},
             {"op":"replace","path":"phoneNumbers[type eq \"work\"].value","value":"+1 555 0199"},
             {"op":"replace","path":"phoneNumbers[type eq \"mobile\"].value","value":"+1 555 0198"},
             {"op":"replace","path":"phoneNumbers[type eq \"fax\"].value","value":"+1 555 0197"},
             {"op":"replace","path":"addresses[type eq \"work\"].streetAddress","value":"2 Side St"},
             {"op":"replace","path":"addresses[type eq \"work\"].locality","value":"Shelbyville"},
             {"op":"replace","path":"addresses[type eq \"work\"].region","value":"IL"},
             {"op":"replace","path":"addresses[type eq \"work\"].postalCode","value":"62565"},
             {"op":"replace","path":"addresses[type eq \"work\"].country","value":"CA"},
             {"op":"replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber","value":"42"},
             {"op":"replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department","value":"R&D"},
             {"op":"replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:costCenter","value":"CC1"}]}
            """,
            """
            {"userName": "verbose@contoso.com", "active": true, "displayName": "Verbose", "title": "Engineer", "preferredLanguage": "en-US",
             "name": {"givenName": "Ver", "familyName": "Bose", "formatted": "Ver Bose"},
             "emails": [{"value": "verbose@contoso.com", "type": "work", "primary": true}, {"value": "d@home.example", "type": "home"}],
             "phoneNumbers": [{"value": "+1 555 0199", "type": "work", "primary": true}, {"value": "+1 555 0198", "type": "mobile"},
               {"type": "fax", "value": "+1 555 0197"}],
             "addresses": [{"type": "work", "streetAddress": "2 Side St", "locality": "Shelbyville", "country": "CA", "primary": true,
               "region": "IL", "postalCode": "62565"}],
             "roles": [{"value": "Admin", "type": "WindowsAzureActiveDirectoryRole", "primary": false}],
             "%ENT%": {"employeeNumber": "42", "department": "R&D", "costCenter": "CC1"}}
            """
        },
        {
            "SCIM_Null_Update with empty strings clears the attributes",
            "User",
            """
            {"Operations":[{"op":"replace","path":"displayName","value":""},{"op":"replace","path":"name.givenName","value":""},
             {"op":"replace","path":"emails[type eq \"work\"].value","value":""},
             {"op":"replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department","value":""}]}
            """,
            """
            {"externalId": "0a21f0f2", "userName": "Test_User_00aa", "active": true,
             "name": {"formatted": "givenName familyName", "familyName": "familyName"},
             "%ENT%": {"employeeNumber": "1", "manager": {"value": "m-1"}}}
            """
        },
        {
            "SCIM_Null_Update with nulls, no-path, clears the attributes",
            "User",
            """
            {"Operations":[{"op":"replace","value":{"displayName":null,"name.formatted":null,"externalId":null,
              "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"employeeNumber":null,"manager":null}}}]}
            """,
            """
            {"userName": "Test_User_00aa", "active": true, "name": {"familyName": "familyName", "givenName": "givenName"},
             "emails": [{"value": "test.user@testuser.com", "type": "work", "primary": true}], "%ENT%": {"department": "Sales"}}
            """
        },
        {
            "No-path add: extension URN object, URN-qualified core path; read-only and unknown keys ignored",
            "User",
            """
            {"Operations":[{"op":"Add","value":{"id":"other","meta":{"resourceType":"User"},"groups":[{"value":"g"}],
              "schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"unknownAttribute":"x","urn:ietf:params:scim:schemas:core:2.0:User:name.familyName":"Urn",
              "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Support","division":"EMEA"},
              "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.displayName":"read only"}}]}
            """,
            """
            {"externalId": "0a21f0f2", "userName": "Test_User_00aa", "active": true, "displayName": "Test User",
             "name": {"formatted": "givenName familyName", "familyName": "Urn", "givenName": "givenName"},
             "emails": [{"value": "test.user@testuser.com", "type": "work", "primary": true}],
             "%ENT%": {"employeeNumber": "1", "department": "Support", "division": "EMEA", "manager": {"value": "m-1"}}}
            """
        },
        {
            "Replace on a complex attribute merges its sub-attributes",
            "User",
            """{"Operations":[{"op":"replace","path":"name","value":{"givenName":"New","middleName":"M"}}]}""",
            Expect("\"active\": true", name: """{"formatted": "givenName familyName", "familyName": "familyName", "givenName": "New", "middleName": "M"}""")
        },
        {
            "Add a primary email: the old primary is no longer primary",
            "User",
            """{"Operations":[{"op":"add","path":"emails","value":[{"value":"second@contoso.com","type":"other","primary":"True"}]}]}""",
            Expect("\"active\": true", emails: """
                [{"value": "test.user@testuser.com", "type": "work", "primary": false},
                 {"value": "second@contoso.com", "type": "other", "primary": true}]
                """)
        },
        {
            "Add an email that is already there changes nothing (keys in another order and case)",
            "User",
            """{"Operations":[{"op":"add","path":"emails","value":[{"Primary":true,"TYPE":"work","value":"test.user@testuser.com"}]}]}""",
            Expect("\"active\": true")
        },
        {
            "Replace emails without a filter replaces them all",
            "DetailedUser",
            """{"Operations":[{"op":"replace","path":"emails","value":[{"value":"only@contoso.com","type":"work"}]}]}""",
            Detailed(emails: """[{"value": "only@contoso.com", "type": "work"}]""")
        },
        {
            "Remove emails without a filter removes them all",
            "DetailedUser",
            """{"Operations":[{"op":"remove","path":"emails"}]}""",
            Detailed(emails: null)
        },
        {
            "Remove emails[type eq \"home\"] removes only that element",
            "DetailedUser",
            """{"Operations":[{"op":"remove","path":"emails[type eq \"home\"]"}]}""",
            Detailed(emails: """[{"value": "detailed@contoso.com", "type": "work", "primary": true}]""")
        },
        {
            "Make the mobile phone primary by valuePath",
            "DetailedUser",
            """{"Operations":[{"op":"replace","path":"phoneNumbers[type eq \"mobile\"].primary","value":"True"}]}""",
            Detailed(phoneNumbers: """
                [{"value": "+1 555 0100", "type": "work", "primary": false}, {"value": "+1 555 0101", "type": "mobile", "primary": true}]
                """)
        },
        {
            "Replace a valuePath element without sub-attribute merges the value",
            "DetailedUser",
            """{"Operations":[{"op":"replace","path":"addresses[type eq \"work\"]","value":{"postalCode":"12345","locality":"Capital City"}}]}""",
            Detailed(addresses: """
                [{"type": "work", "streetAddress": "1 Main St", "locality": "Capital City", "country": "US", "primary": true, "postalCode": "12345"}]
                """)
        },
        {
            "Remove roles listed by value (default dialect) removes only those",
            "DetailedUser",
            """{"Operations":[{"op":"Remove","path":"roles","value":[{"value":"Admin"}]}]}""",
            Detailed(roles: null)
        },
        {
            "Attribute names and op are case-insensitive",
            "User",
            """{"OPERATIONS":[{"OP":"REPLACE","PATH":"NAME.GIVENNAME","VALUE":"Upper"},{"Op":"Add","Path":"NickName","Value":"nick"}]}""",
            Expect("\"active\": true, \"nickName\": \"nick\"", name: """{"formatted": "givenName familyName", "familyName": "familyName", "givenName": "Upper"}""")
        },
        {
            "Read-only members of the stored resource are kept",
            """{"id": "u-1", "meta": {"resourceType": "User"}, "userName": "u"}""",
            """{"Operations":[{"op":"replace","path":"title","value":"Boss"}]}""",
            """{"id": "u-1", "meta": {"resourceType": "User"}, "userName": "u", "title": "Boss"}"""
        },
    };

    [Theory]
    [MemberData(nameof(EntraRequests))]
    public void Entra_patch_requests_give_the_expected_user(string @case, string resource, string body, string expected)
    {
        var result = ApplyPatch(ScimResourceTypes.User, Resource(resource), body);
        Assert.False(string.IsNullOrEmpty(@case));
        JsonAssert.Equal(expected, result);
    }

    [Fact]
    public void Patching_does_not_change_the_input()
    {
        var resource = Resource("User");
        var before = resource.ToJsonString();
        ApplyPatch(ScimResourceTypes.User, resource, """{"Operations":[{"op":"replace","path":"displayName","value":"Changed"}]}""");
        Assert.Equal(before, resource.ToJsonString());
    }

    /// <summary>The <see cref="User"/> resource with the given changes.</summary>
    private static string Expect(
        string extra,
        string userName = "Test_User_00aa",
        string displayName = "Test User",
        string? name = null,
        string? emails = null,
        string enterprise = "{\"employeeNumber\": \"1\", \"department\": \"Sales\", \"manager\": {\"value\": \"m-1\"}}") =>
        $$"""
        {"externalId": "0a21f0f2", "userName": "{{userName}}", {{extra}}, "displayName": "{{displayName}}",
         "name": {{name ?? """{"formatted": "givenName familyName", "familyName": "familyName", "givenName": "givenName"}"""}},
         "emails": {{emails ?? """[{"value": "test.user@testuser.com", "type": "work", "primary": true}]"""}},
         "%ENT%": {{enterprise}}}
        """;

    private const string KeepEmails = """[{"value": "detailed@contoso.com", "type": "work", "primary": true}, {"value": "d@home.example", "type": "home"}]""";
    private const string KeepPhones = """[{"value": "+1 555 0100", "type": "work", "primary": true}, {"value": "+1 555 0101", "type": "mobile"}]""";
    private const string KeepAddresses = """[{"type": "work", "streetAddress": "1 Main St", "locality": "Springfield", "country": "US", "primary": true}]""";
    private const string KeepRoles = """[{"value": "Admin", "type": "WindowsAzureActiveDirectoryRole", "primary": false}]""";

    /// <summary>The <see cref="DetailedUser"/> resource with the given lists; null drops a list.</summary>
    private static string Detailed(
        string? emails = KeepEmails, string? phoneNumbers = KeepPhones, string? addresses = KeepAddresses, string? roles = KeepRoles)
    {
        var members = new List<string> { "\"userName\": \"detailed@contoso.com\"", "\"active\": true" };
        void Add(string key, string? value)
        {
            if (value is not null)
            {
                members.Add($"\"{key}\": {value}");
            }
        }

        Add("emails", emails);
        Add("phoneNumbers", phoneNumbers);
        Add("addresses", addresses);
        Add("roles", roles);
        return "{" + string.Join(", ", members) + "}";
    }
}
