using System.Text.Json.Nodes;
using Workteam.ScimApi.Protocol;
using Workteam.ScimApi.Protocol.Patch;
using Workteam.ScimApi.Protocol.Schema;
using static Workteam.ScimApi.Tests.Patch.PatchTestData;

namespace Workteam.ScimApi.Tests.Patch;

/// <summary>PATCH requests that fail, with the RFC 7644 §3.12 scimType they fail with; a failed PATCH changes nothing.</summary>
public sealed class PatchErrorTests
{
    /// <summary>(PATCH body, scimType). Applied to <see cref="PatchTestData.User"/>.</summary>
    public static TheoryData<string, string> FailingRequests => new()
    {
        // Body structure.
        { """{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"]}""", "invalidSyntax" },
        { """{"Operations":[]}""", "invalidSyntax" },
        { """{"Operations":{"op":"add"}}""", "invalidSyntax" },
        { """{"Operations":["replace"]}""", "invalidSyntax" },
        { """{"Operations":[{"op":"move","path":"title","value":"x"}]}""", "invalidSyntax" },
        { """{"Operations":[{"path":"title","value":"x"}]}""", "invalidSyntax" },
        { """{"Operations":[{"op":1,"path":"title","value":"x"}]}""", "invalidSyntax" },
        { """{"Operations":[{"op":"add","path":5,"value":"x"}]}""", "invalidSyntax" },
        { """{"schemas":"urn:ietf:params:scim:api:messages:2.0:PatchOp","Operations":[{"op":"add","path":"title","value":"x"}]}""", "invalidSyntax" },
        // Paths.
        { """{"Operations":[{"op":"add","path":"emails[type eq","value":"x"}]}""", "invalidPath" },
        { """{"Operations":[{"op":"add","path":"","value":"x"}]}""", "invalidPath" },
        { """{"Operations":[{"op":"replace","path":"noSuchAttribute","value":"x"}]}""", "invalidPath" },
        { """{"Operations":[{"op":"replace","path":"name.noSuchPart","value":"x"}]}""", "invalidPath" },
        { """{"Operations":[{"op":"replace","path":"emails[type eq \"work\"].noSuchPart","value":"x"}]}""", "invalidPath" },
        { """{"Operations":[{"op":"replace","path":"urn:example:unknown:2.0:User:title","value":"x"}]}""", "invalidPath" },
        { """{"Operations":[{"op":"replace","path":"title[value eq \"x\"]","value":"x"}]}""", "invalidPath" },
        // Targets.
        { """{"Operations":[{"op":"remove"}]}""", "noTarget" },
        { """{"Operations":[{"op":"remove","path":"emails[type eq \"home\"]"}]}""", "noTarget" },
        { """{"Operations":[{"op":"remove","path":"emails[type eq \"home\"].value"}]}""", "noTarget" },
        { """{"Operations":[{"op":"replace","path":"emails[type ne \"work\"].value","value":"x@contoso.com"}]}""", "noTarget" },
        { """{"Operations":[{"op":"add","path":"emails[type eq \"home\" or type eq \"other\"].value","value":"x@contoso.com"}]}""", "noTarget" },
        // Mutability.
        { """{"Operations":[{"op":"replace","path":"id","value":"other"}]}""", "mutability" },
        { """{"Operations":[{"op":"replace","path":"meta.created","value":"2020-01-01T00:00:00Z"}]}""", "mutability" },
        { """{"Operations":[{"op":"add","path":"groups","value":[{"value":"g-1"}]}]}""", "mutability" },
        { """{"Operations":[{"op":"replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.displayName","value":"Boss"}]}""", "mutability" },
        { """{"Operations":[{"op":"remove","path":"userName"}]}""", "mutability" },
        // Values.
        { """{"Operations":[{"op":"add","path":"title"}]}""", "invalidValue" },
        { """{"Operations":[{"op":"replace","value":null}]}""", "invalidValue" },
        { """{"Operations":[{"op":"replace","value":"not an object"}]}""", "invalidValue" },
        { """{"Operations":[{"op":"replace","path":"active","value":"maybe"}]}""", "invalidValue" },
        { """{"Operations":[{"op":"replace","path":"userName","value":""}]}""", "invalidValue" },
        { """{"Operations":[{"op":"replace","path":"name","value":"not an object"}]}""", "invalidValue" },
        { """{"Operations":[{"op":"add","path":"emails","value":[{"value":"a@x.com","primary":true},{"value":"b@x.com","primary":true}]}]}""", "invalidValue" },
        { """{"Operations":[{"op":"replace","path":"emails[type eq \"work\"]","value":[{"value":"a@x.com"},{"value":"b@x.com"}]}]}""", "invalidValue" },
        { """{"Operations":[{"op":"replace","value":{"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":"flat"}}]}""", "invalidValue" },
    };

    [Theory]
    [MemberData(nameof(FailingRequests))]
    public void Invalid_requests_fail_with_their_scim_type(string body, string scimType)
    {
        var resource = Resource(User);
        var before = resource.ToJsonString();

        var error = Assert.Throws<ScimProtocolException>(() => ApplyPatch(ScimResourceTypes.User, resource, body));

        Assert.Equal(400, error.Status);
        Assert.Equal(scimType, error.ScimType);
        Assert.False(string.IsNullOrWhiteSpace(error.Detail));
        Assert.Equal(before, resource.ToJsonString());
    }

    [Fact]
    public void A_patch_is_atomic_when_a_later_operation_fails()
    {
        var resource = Resource(User);
        var before = resource.ToJsonString();
        const string body = """
            {"Operations":[{"op":"replace","path":"displayName","value":"Changed"},
             {"op":"replace","path":"emails[type eq \"work\"].value","value":"changed@contoso.com"},
             {"op":"remove","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager"},
             {"op":"replace","path":"id","value":"other"}]}
            """;

        var error = Assert.Throws<ScimProtocolException>(() => ApplyPatch(ScimResourceTypes.User, resource, body));

        Assert.Equal("mutability", error.ScimType);
        Assert.Equal(before, resource.ToJsonString());
    }

    [Fact]
    public void Removing_userName_says_why()
    {
        var error = Assert.Throws<ScimProtocolException>(
            () => ApplyPatch(ScimResourceTypes.User, Resource(User), """{"Operations":[{"op":"remove","path":"userName"}]}"""));

        Assert.Contains("userName", error.Detail);
        Assert.Contains("required", error.Detail);
    }

    [Fact]
    public void An_immutable_attribute_with_a_value_cannot_change()
    {
        var immutable = ScimResourceTypes.User with
        {
            Schema = ScimSchemas.User with
            {
                Attributes = [.. ScimSchemas.User.Attributes.Select(a => a.Name == "externalId" ? a with { Mutability = Mutability.Immutable } : a)],
            },
        };
        var replace = PatchRequest.Read(JsonAssert.Object("""{"Operations":[{"op":"replace","path":"externalId","value":"new"}]}"""));

        var error = Assert.Throws<ScimProtocolException>(() => ResourcePatcher.Apply(immutable, Resource(User), replace));
        var added = ResourcePatcher.Apply(immutable, new JsonObject { ["userName"] = "u" }, replace);

        Assert.Equal("mutability", error.ScimType);
        JsonAssert.Equal("""{"userName": "u", "externalId": "new"}""", added);
    }
}
