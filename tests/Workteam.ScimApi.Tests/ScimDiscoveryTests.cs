using System.Text.Json.Nodes;
using Workteam.ScimApi.Protocol;
using Workteam.ScimApi.Protocol.Schema;

namespace Workteam.ScimApi.Tests;

public sealed class ScimDiscoveryTests
{
    private const string BaseUrl = "https://workteam.example/scim/v2/";

    public static TheoryData<string> AllDocuments => ["ServiceProviderConfig", "ResourceType:User", "ResourceType:Group",
        $"Schema:{ScimSchemas.UserUrn}", $"Schema:{ScimSchemas.EnterpriseUserUrn}", $"Schema:{ScimSchemas.GroupUrn}"];

    [Theory]
    [MemberData(nameof(AllDocuments))]
    public void Documents_contain_no_nulls_and_say_what_they_are(string which)
    {
        var document = Document(which);

        Assert.DoesNotContain(JsonAssert.Walk(document), n => n.Node is null);
        var (schemaUrn, resourceType, location) = which.Split(':', 2) switch
        {
            ["ServiceProviderConfig"] => (ScimDiscovery.ServiceProviderConfigUrn, "ServiceProviderConfig",
                "https://workteam.example/scim/v2/ServiceProviderConfig"),
            ["ResourceType", var id] => (ScimDiscovery.ResourceTypeUrn, "ResourceType", $"https://workteam.example/scim/v2/ResourceTypes/{id}"),
            [_, var urn] => (ScimDiscovery.SchemaUrn, "Schema", $"https://workteam.example/scim/v2/Schemas/{urn}"),
            _ => throw new InvalidOperationException(),
        };
        JsonAssert.Equal($"[\"{schemaUrn}\"]", document["schemas"]);
        JsonAssert.Equal($$"""{"resourceType":"{{resourceType}}","location":"{{location}}"}""", document["meta"]);
    }

    [Theory]
    [InlineData(ScimSchemas.UserUrn, "userName",
        """{"name":"userName","type":"string","multiValued":false,"description":"Unique identifier for the user, used to sign in; compared case-insensitively.","required":true,"caseExact":false,"mutability":"readWrite","returned":"default","uniqueness":"server"}""")]
    [InlineData(ScimSchemas.UserUrn, "externalId",
        """{"name":"externalId","type":"string","multiValued":false,"description":"Identifier of the resource in the provisioning client.","required":false,"caseExact":true,"mutability":"readWrite","returned":"default","uniqueness":"none"}""")]
    [InlineData(ScimSchemas.UserUrn, "id",
        """{"name":"id","type":"string","multiValued":false,"description":"Unique identifier of the resource, issued by Workteam.","required":false,"caseExact":true,"mutability":"readOnly","returned":"always","uniqueness":"server"}""")]
    [InlineData(ScimSchemas.GroupUrn, "displayName",
        """{"name":"displayName","type":"string","multiValued":false,"description":"The name of the group, unique within the organization.","required":true,"caseExact":false,"mutability":"readWrite","returned":"default","uniqueness":"server"}""")]
    [InlineData(ScimSchemas.EnterpriseUserUrn, "employeeNumber",
        """{"name":"employeeNumber","type":"string","multiValued":false,"description":"Identifier of the user within the organization, e.g. an employee id.","required":false,"caseExact":false,"mutability":"readWrite","returned":"default","uniqueness":"none"}""")]
    public void Attribute_characteristics_are_spelled_as_in_the_rfc(string schemaUrn, string attribute, string expected)
    {
        JsonAssert.Equal(expected, Attribute(schemaUrn, attribute));
    }

    [Fact]
    public void Complex_attributes_list_sub_attributes_with_canonical_and_reference_types()
    {
        var members = Attribute(ScimSchemas.GroupUrn, "members");
        Assert.Equal("complex", (string?)members["type"]);
        Assert.True((bool?)members["multiValued"]);
        var subAttributes = members["subAttributes"]!.AsArray().ToDictionary(a => (string)a!["name"]!);
        Assert.Equal(["value", "$ref", "type", "display"], subAttributes.Keys);
        Assert.Equal("immutable", (string?)subAttributes["value"]!["mutability"]);
        Assert.Equal("readOnly", (string?)subAttributes["display"]!["mutability"]);
        JsonAssert.Equal("""["User","Group"]""", subAttributes["type"]!["canonicalValues"]);
        JsonAssert.Equal("""["User","Group"]""", subAttributes["$ref"]!["referenceTypes"]);
        Assert.Equal("reference", (string?)subAttributes["$ref"]!["type"]);
        Assert.False(subAttributes["value"]!.AsObject().ContainsKey("canonicalValues"));
        Assert.False(subAttributes["value"]!.AsObject().ContainsKey("subAttributes"));
    }

    [Fact]
    public void User_schema_has_the_rfc_attributes_except_password()
    {
        var names = Names(ScimSchemas.UserUrn);

        Assert.Equal(["id", "externalId", "meta", "userName", "name", "displayName", "nickName", "profileUrl", "title", "userType",
            "preferredLanguage", "locale", "timezone", "active", "emails", "phoneNumbers", "ims", "photos", "addresses", "groups",
            "entitlements", "roles", "x509Certificates"], names);
        Assert.Equal(["employeeNumber", "costCenter", "organization", "division", "department", "manager"], Names(ScimSchemas.EnterpriseUserUrn));
        Assert.Equal(["id", "externalId", "meta", "displayName", "members"], Names(ScimSchemas.GroupUrn));
    }

    [Theory]
    [InlineData("meta", "lastModified", "dateTime")]
    [InlineData("emails", "primary", "boolean")]
    [InlineData("x509Certificates", "value", "binary")]
    [InlineData("photos", "value", "reference")]
    [InlineData("groups", "type", "string")]
    public void Sub_attribute_types_are_camel_case(string attribute, string subAttribute, string type)
    {
        var sub = Attribute(ScimSchemas.UserUrn, attribute)["subAttributes"]!.AsArray().Single(a => (string?)a!["name"] == subAttribute)!;
        Assert.Equal(type, (string?)sub["type"]);
    }

    [Fact]
    public void Groups_and_manager_display_name_are_read_only()
    {
        Assert.Equal("readOnly", (string?)Attribute(ScimSchemas.UserUrn, "groups")["mutability"]);
        var manager = Attribute(ScimSchemas.EnterpriseUserUrn, "manager");
        JsonAssert.Equal("""["User"]""", manager["subAttributes"]![1]!["referenceTypes"]);
        Assert.Equal("readOnly", (string?)manager["subAttributes"]![2]!["mutability"]);
    }

    [Fact]
    public void Service_provider_config_reports_what_workteam_supports()
    {
        var document = ScimDiscovery.ServiceProviderConfig(BaseUrl, new ServiceProviderCapabilities(200));
        document.Remove("meta");
        document.Remove("schemas");
        var scheme = document["authenticationSchemes"]!.AsArray().Single()!.AsObject();
        Assert.Contains("Organization settings > SCIM User Provisioning", (string?)scheme["description"]);
        scheme.Remove("description");

        JsonAssert.Equal("""
            {"patch":{"supported":true},"bulk":{"supported":false,"maxOperations":0,"maxPayloadSize":0},
             "filter":{"supported":true,"maxResults":200},"changePassword":{"supported":false},"sort":{"supported":true},
             "etag":{"supported":true},
             "authenticationSchemes":[{"type":"oauthbearertoken","name":"OAuth Bearer Token",
               "specUri":"https://www.rfc-editor.org/info/rfc6750","primary":true}]}
            """, document);
    }

    [Theory]
    [InlineData("User", """{"id":"User","name":"User","endpoint":"/Users","description":"User Account","schema":"urn:ietf:params:scim:schemas:core:2.0:User","schemaExtensions":[{"schema":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User","required":false}]}""")]
    [InlineData("group", """{"id":"Group","name":"Group","endpoint":"/Groups","description":"Group","schema":"urn:ietf:params:scim:schemas:core:2.0:Group"}""")]
    public void Resource_types_name_their_endpoint_and_schemas(string id, string expected)
    {
        var document = ScimDiscovery.ResourceType(ScimResourceTypes.Find(id)!, BaseUrl);
        document.Remove("meta");
        document.Remove("schemas");
        JsonAssert.Equal(expected, document);
    }

    [Fact]
    public void Unknown_resource_type_is_not_found()
    {
        Assert.Null(ScimResourceTypes.Find("Device"));
        Assert.Equal([ScimResourceTypes.User, ScimResourceTypes.Group], ScimResourceTypes.All);
    }

    private static JsonObject Document(string which) => which.Split(':', 2) switch
    {
        ["ServiceProviderConfig"] => ScimDiscovery.ServiceProviderConfig(BaseUrl, new ServiceProviderCapabilities(100)),
        ["ResourceType", var id] => ScimDiscovery.ResourceType(ScimResourceTypes.Find(id)!, BaseUrl),
        [_, var urn] => ScimDiscovery.Schema(SchemaById(urn), BaseUrl),
        _ => throw new ArgumentException(which),
    };

    private static ScimSchema SchemaById(string urn) =>
        ScimResourceTypes.All.SelectMany(t => t.AllSchemas).First(s => s.Id == urn);

    private static JsonObject Attribute(string schemaUrn, string name) =>
        ScimDiscovery.Schema(SchemaById(schemaUrn), BaseUrl)["attributes"]!.AsArray()
            .Single(a => (string?)a!["name"] == name)!.AsObject();

    private static string[] Names(string schemaUrn) =>
        [.. ScimDiscovery.Schema(SchemaById(schemaUrn), BaseUrl)["attributes"]!.AsArray().Select(a => (string)a!["name"]!)];
}
