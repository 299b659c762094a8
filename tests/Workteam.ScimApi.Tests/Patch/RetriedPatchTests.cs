using System.Text.Json.Nodes;
using Workteam.ScimApi.Protocol.Patch;
using Workteam.ScimApi.Protocol.Schema;

namespace Workteam.ScimApi.Tests.Patch;

/// <summary>
/// A transaction that fails transiently runs again with the same parsed request: applying the operations must
/// not consume them.
/// </summary>
public sealed class RetriedPatchTests
{
    [Theory]
    [InlineData("""{"Operations":[{"op":"add","path":"emails","value":[{"type":"work","value":"a@contoso.test"}]}]}""")]
    [InlineData("""{"Operations":[{"op":"replace","value":{"name":{"givenName":"Ada"},"title":"Countess"}}]}""")]
    [InlineData("""{"Operations":[{"op":"replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":{"value":"m-1"}}]}""")]
    public void The_same_operations_apply_twice_with_the_same_result(string body)
    {
        var operations = PatchRequest.Read(JsonNode.Parse(body)!.AsObject());
        var resource = new JsonObject { ["userName"] = "ada@contoso.test" };

        var first = ResourcePatcher.Apply(ScimResourceTypes.User, resource, operations);
        var second = ResourcePatcher.Apply(ScimResourceTypes.User, resource, operations);

        Assert.True(JsonNode.DeepEquals(first, second), $"{first.ToJsonString()} != {second.ToJsonString()}");
    }

    [Fact]
    public void A_group_plan_can_be_made_twice_from_one_request()
    {
        var operations = PatchRequest.Read(JsonNode.Parse(
            """{"Operations":[{"op":"replace","value":{"displayName":"Sales","members":[{"value":"u-1"}]}},{"op":"add","path":"externalId","value":"x"}]}""")!.AsObject());
        var attributes = new JsonObject { ["displayName"] = "Old" };

        var first = GroupPatchPlanner.Plan(attributes, operations);
        var second = GroupPatchPlanner.Plan(attributes, operations);

        Assert.True(JsonNode.DeepEquals(first.Attributes, second.Attributes));
        Assert.Equal("Sales", second.Attributes["displayName"]!.GetValue<string>());
        Assert.Equal(["u-1"], Assert.IsType<ReplaceMembers>(Assert.Single(second.MemberChanges)).UserIds);
    }

    [Fact]
    public void A_single_member_value_inside_a_request_is_read_without_taking_it_from_the_request()
    {
        var operations = PatchRequest.Read(JsonNode.Parse(
            """{"Operations":[{"op":"add","value":{"members":"maybe"}},{"op":"Remove","path":"members","value":{"value":"u-2"}}]}""")!.AsObject());

        var plan = GroupPatchPlanner.Plan(new JsonObject { ["displayName"] = "Sales" }, operations);

        Assert.Equal(["maybe"], Assert.IsType<AddMembers>(plan.MemberChanges[0]).UserIds);
        Assert.Equal(["u-2"], Assert.IsType<RemoveMembers>(plan.MemberChanges[1]).UserIds);
    }
}
