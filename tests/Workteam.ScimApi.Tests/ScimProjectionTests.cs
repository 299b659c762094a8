using Workteam.ScimApi.Protocol;
using Workteam.ScimApi.Protocol.Schema;

namespace Workteam.ScimApi.Tests;

public sealed class ScimProjectionTests
{
    private const string Enterprise = ScimSchemas.EnterpriseUserUrn;

    private const string User = """
        {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","%ENT%"],"id":"u1","externalId":"e1",
         "meta":{"resourceType":"User","created":"2018-03-27T19:59:26.000Z"},"userName":"ann","name":{"givenName":"Ann","familyName":"Lee"},
         "active":true,"emails":[{"value":"ann@x","type":"work","primary":true},{"value":"ann@home","type":"home"}],
         "%ENT%":{"department":"Sales","manager":{"value":"m1","displayName":"Boss"}}}
        """;

    private const string Group = """
        {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"id":"g1","displayName":"Sales","members":[{"value":"u1","display":"Ann"}]}
        """;

    [Theory]
    [InlineData(null, null, User)]
    [InlineData("", " ", User)]
    [InlineData("id", null, """{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],"id":"u1"}""")]
    [InlineData("USERNAME, name.givenName", null,
        """{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],"id":"u1","userName":"ann","name":{"givenName":"Ann"}}""")]
    [InlineData("emails.value,urn:ietf:params:scim:schemas:core:2.0:User:active", null,
        """{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],"id":"u1","active":true,"emails":[{"value":"ann@x"},{"value":"ann@home"}]}""")]
    [InlineData($"{Enterprise}:manager", null,
        """{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","%ENT%"],"id":"u1","%ENT%":{"manager":{"value":"m1","displayName":"Boss"}}}""")]
    [InlineData("manager.value,unknownThing,name.nope", null,
        """{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","%ENT%"],"id":"u1","%ENT%":{"manager":{"value":"m1"}}}""")]
    [InlineData(Enterprise, null,
        """{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","%ENT%"],"id":"u1","%ENT%":{"department":"Sales","manager":{"value":"m1","displayName":"Boss"}}}""")]
    [InlineData(null, "id,meta,emails,name.familyName,urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department,manager.displayName",
        """{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","%ENT%"],"id":"u1","externalId":"e1","userName":"ann","name":{"givenName":"Ann"},"active":true,"%ENT%":{"manager":{"value":"m1"}}}""")]
    [InlineData(null, "department,manager",
        """{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],"id":"u1","externalId":"e1","meta":{"resourceType":"User","created":"2018-03-27T19:59:26.000Z"},"userName":"ann","name":{"givenName":"Ann","familyName":"Lee"},"active":true,"emails":[{"value":"ann@x","type":"work","primary":true},{"value":"ann@home","type":"home"}]}""")]
    [InlineData("userName,active", "active",
        """{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],"id":"u1","userName":"ann"}""")]
    public void User_attributes_are_kept_or_excluded(string? attributes, string? excludedAttributes, string expected)
    {
        var resource = JsonAssert.Object(User);

        JsonAssert.Equal(expected, ScimProjection.Apply(ScimResourceTypes.User, resource, attributes, excludedAttributes));
        JsonAssert.Equal(User, resource);
        // A resource made for the response alone gives the same answer, whether it is copied or changed in place.
        JsonAssert.Equal(expected, ScimProjection.ApplyToOwn(ScimResourceTypes.User, JsonAssert.Object(User), attributes, excludedAttributes));
    }

    [Fact]
    public void A_resource_made_for_the_response_is_answered_itself_without_attributes()
    {
        var resource = JsonAssert.Object(Group);

        Assert.Same(resource, ScimProjection.ApplyToOwn(ScimResourceTypes.Group, resource, null, null));
        Assert.Same(resource, ScimProjection.ApplyToOwn(ScimResourceTypes.Group, resource, null, "members"));
        Assert.False(resource.ContainsKey("members"));
    }

    [Theory]
    [InlineData(null, "members", """{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"id":"g1","displayName":"Sales"}""")]
    [InlineData(null, "Members.Display", """{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"id":"g1","displayName":"Sales","members":[{"value":"u1"}]}""")]
    [InlineData("id", null, """{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"id":"g1"}""")]
    [InlineData("displayName", "id", """{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"id":"g1","displayName":"Sales"}""")]
    public void Group_members_can_be_left_out(string? attributes, string? excludedAttributes, string expected)
    {
        JsonAssert.Equal(expected, ScimProjection.Apply(ScimResourceTypes.Group, JsonAssert.Object(Group), attributes, excludedAttributes));
    }

    [Theory]
    [InlineData("members", null, null, true)]
    [InlineData("members", null, "members", false)]
    [InlineData("members", null, "MEMBERS,externalId", false)]
    [InlineData("members", null, "members.display", true)]
    [InlineData("members", "displayName", null, false)]
    [InlineData("members", "members.value", null, true)]
    [InlineData("id", "displayName", "id", true)]
    [InlineData("members.display", null, "members.display", false)]
    public void Includes_tells_whether_an_attribute_will_be_returned(string attribute, string? attributes, string? excluded, bool expected)
    {
        Assert.Equal(expected, ScimProjection.Includes(ScimResourceTypes.Group, attribute, attributes, excluded));
    }

    [Theory]
    [InlineData("manager", null, "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager", false)]
    [InlineData("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager", "manager", null, true)]
    [InlineData("manager", ScimSchemas.EnterpriseUserUrn, null, true)]
    [InlineData("groups", "userName", null, false)]
    public void Includes_understands_extension_names(string attribute, string? attributes, string? excluded, bool expected)
    {
        Assert.Equal(expected, ScimProjection.Includes(ScimResourceTypes.User, attribute, attributes, excluded));
    }

    [Fact]
    public void Includes_refuses_names_that_are_not_attributes()
    {
        Assert.Throws<ArgumentException>(() => ScimProjection.Includes(ScimResourceTypes.Group, "owners", null, null));
    }
}
