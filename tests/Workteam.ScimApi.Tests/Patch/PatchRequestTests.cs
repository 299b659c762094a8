using Workteam.ScimApi.Protocol;
using Workteam.ScimApi.Protocol.Filters;
using Workteam.ScimApi.Protocol.Patch;

namespace Workteam.ScimApi.Tests.Patch;

public sealed class PatchRequestTests
{
    [Theory]
    [InlineData("Add", PatchOp.Add)]
    [InlineData("add", PatchOp.Add)]
    [InlineData("Replace", PatchOp.Replace)]
    [InlineData("REPLACE", PatchOp.Replace)]
    [InlineData("Remove", PatchOp.Remove)]
    [InlineData("remove", PatchOp.Remove)]
    public void Op_is_read_in_any_case(string op, PatchOp expected)
    {
        var operations = PatchRequest.Read(JsonAssert.Object($$"""{"Operations":[{"op":"{{op}}","path":"title","value":"x"}]}"""));

        Assert.Equal(expected, Assert.Single(operations).Op);
    }

    [Fact]
    public void Operations_are_read_in_order_with_parsed_paths_and_values()
    {
        var operations = PatchRequest.Read(JsonAssert.Object("""
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
             {"op":"Replace","path":"emails[type eq \"work\"].value","value":"a@contoso.com"},
             {"op":"replace","value":{"displayName":"D"}},
             {"op":"Remove","path":"members","value":[{"value":"u1091"}]},
             {"op":"replace","path":"manager","value":null}]}
            """));

        Assert.Equal(4, operations.Count);
        Assert.Equal(ScimFilterParser.ParsePatchPath("emails[type eq \"work\"].value"), operations[0].Path);
        Assert.Equal("\"a@contoso.com\"", operations[0].Value?.ToJsonString());
        Assert.Null(operations[1].Path);
        JsonAssert.Equal("""{"displayName":"D"}""", operations[1].Value);
        Assert.Equal((PatchOp.Remove, "members"), (operations[2].Op, operations[2].Path?.Attribute.Name));
        JsonAssert.Equal("""[{"value":"u1091"}]""", operations[2].Value);
        Assert.Null(operations[3].Value);
    }

    [Fact]
    public void Values_are_copies_of_the_body()
    {
        var body = JsonAssert.Object("""{"Operations":[{"op":"add","path":"emails","value":[{"value":"a@contoso.com"}]}]}""");

        var operation = Assert.Single(PatchRequest.Read(body));

        Assert.Null(operation.Value!.Parent);
    }

    [Fact]
    public void More_operations_than_the_limit_are_refused_with_the_limit_in_the_message()
    {
        string Body(int count) => $$"""{"Operations":[{{string.Join(",", Enumerable.Repeat("""{"op":"replace","path":"displayName","value":"x"}""", count))}}]}""";

        Assert.Equal(ScimInputLimits.MaxPatchOperations, PatchRequest.Read(JsonAssert.Object(Body(ScimInputLimits.MaxPatchOperations))).Count);
        var error = Assert.Throws<ScimProtocolException>(() => PatchRequest.Read(JsonAssert.Object(Body(ScimInputLimits.MaxPatchOperations + 1))));

        Assert.Equal((400, "invalidValue"), (error.Status, error.ScimType));
        Assert.Contains(ScimInputLimits.MaxPatchOperations.ToString(), error.Detail);
    }
}
