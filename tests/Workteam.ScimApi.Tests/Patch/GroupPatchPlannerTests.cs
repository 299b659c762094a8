using Workteam.ScimApi.Protocol;
using Workteam.ScimApi.Protocol.Patch;

namespace Workteam.ScimApi.Tests.Patch;

/// <summary>Group PATCH bodies of entra-scim.md (§5.2, §6, §8): the group's new attributes and the membership changes.</summary>
public sealed class GroupPatchPlannerTests
{
    private const string Group = """{"externalId": "8aa1a0c0", "displayName": "displayName"}""";

    /// <summary>(case, PATCH body, resulting attributes, member changes in order).</summary>
    public static TheoryData<string, string, string, string[]> EntraRequests => new()
    {
        {
            "Update Group [Non-member attributes]",
            """
            {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{"op": "Replace", "path": "displayName",
            "value": "1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName"}]}
            """,
            """{"externalId": "8aa1a0c0", "displayName": "1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName"}""",
            []
        },
        {
            "Update Group [Add Members]",
            """
            {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{"op": "Add", "path": "members", "value": [{"$ref": null,
            "value": "f648f8d5ea4e4cd38e9c"}]}]}
            """,
            Group,
            ["Add f648f8d5ea4e4cd38e9c"]
        },
        {
            "Update Group [Remove Members], default dialect: only the listed members",
            """
            {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{"op": "Remove", "path": "members", "value": [{"$ref": null,
            "value": "f648f8d5ea4e4cd38e9c"}]}]}
            """,
            Group,
            ["Remove f648f8d5ea4e4cd38e9c"]
        },
        {
            "Remove member, default dialect (§6)",
            """{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Remove","path":"members","value":[{"value":"u1091"}]}]}""",
            Group,
            ["Remove u1091"]
        },
        {
            "Remove member, aadOptscim062020: members[value eq \"…\"]",
            """{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"remove","path":"members[value eq \"7f4bc1a3-285e-48ae-8202-5accb43efb0e\"]"}]}""",
            Group,
            ["Remove 7f4bc1a3-285e-48ae-8202-5accb43efb0e"]
        },
        {
            "Remove several members by an or of value eqs",
            """{"Operations":[{"op":"remove","path":"members[value eq \"a\" or Value EQ \"b\" or value eq \"a\"]"}]}""",
            Group,
            ["Remove a,b"]
        },
        {
            "Validator Add Member: replace members with one member",
            """{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"members","value":[{"value":"u-1"}]}]}""",
            Group,
            ["Replace u-1"]
        },
        {
            "Validator Multiple Ops on same attribute: add then remove the same member",
            """
            {"Operations":[{"op":"add","path":"members","value":[{"value":"u-1"},{"value":"u-2"}]},
             {"op":"remove","path":"members[value eq \"u-1\"]"}]}
            """,
            Group,
            ["Add u-1,u-2", "Remove u-1"]
        },
        {
            "Several members in one add, duplicates collapsed, bare ids and full member objects",
            """
            {"Operations":[{"op":"Add","path":"members","value":[{"value":"u-1","type":"User","$ref":"https://example.com/scim/Users/u-1","display":"One"},
             "u-2",{"value":"u-1"},{"Value":"u-3"}]}]}
            """,
            Group,
            ["Add u-1,u-2,u-3"]
        },
        {
            "Remove members without a value removes them all",
            """{"Operations":[{"op":"remove","path":"members"}]}""",
            Group,
            ["RemoveAll"]
        },
        {
            "Replace members with an empty list removes them all",
            """{"Operations":[{"op":"replace","path":"members","value":[]}]}""",
            Group,
            ["RemoveAll"]
        },
        {
            "Adding no members changes nothing",
            """{"Operations":[{"op":"add","path":"members","value":[]}]}""",
            Group,
            []
        },
        {
            "Validator Replace Attributes: no-path externalId",
            """{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"externalId":"e-2"}}]}""",
            """{"externalId": "e-2", "displayName": "displayName"}""",
            []
        },
        {
            "Validator Update Group displayName: no-path displayName",
            """{"Operations":[{"op":"replace","value":{"displayName":"Renamed"}}]}""",
            """{"externalId": "8aa1a0c0", "displayName": "Renamed"}""",
            []
        },
        {
            "No-path replace with displayName and members",
            """{"Operations":[{"op":"replace","value":{"displayName":"Renamed","members":[{"value":"u-9"}]}}]}""",
            """{"externalId": "8aa1a0c0", "displayName": "Renamed"}""",
            ["Replace u-9"]
        },
        {
            "No-path add with members under the Group schema URN",
            """{"Operations":[{"op":"add","value":{"urn:ietf:params:scim:schemas:core:2.0:Group":{"members":[{"value":"u-9"}]}}}]}""",
            Group,
            ["Add u-9"]
        },
        {
            "Member and attribute operations mixed keep their order",
            """
            {"Operations":[{"op":"Remove","path":"members","value":[{"value":"u-1"}]},{"op":"Replace","path":"externalId","value":""},
             {"op":"Add","path":"MEMBERS","value":[{"value":"u-2"}]}]}
            """,
            """{"displayName": "displayName"}""",
            ["Remove u-1", "Add u-2"]
        },
    };

    [Theory]
    [MemberData(nameof(EntraRequests))]
    public void Entra_group_patches_are_planned(string @case, string body, string attributes, string[] changes)
    {
        var plan = GroupPatchPlanner.Plan(JsonAssert.Object(Group), PatchRequest.Read(JsonAssert.Object(body)));

        Assert.False(string.IsNullOrEmpty(@case));
        JsonAssert.Equal(attributes, plan.Attributes);
        Assert.Equal(changes, plan.MemberChanges.Select(Describe));
    }

    /// <summary>(PATCH body, scimType).</summary>
    public static TheoryData<string, string> FailingRequests => new()
    {
        { """{"Operations":[{"op":"remove","path":"members[display eq \"x\"]"}]}""", "invalidFilter" },
        { """{"Operations":[{"op":"remove","path":"members[value eq \"a\" and type eq \"User\"]"}]}""", "invalidFilter" },
        { """{"Operations":[{"op":"remove","path":"members[value ne \"a\"]"}]}""", "invalidFilter" },
        { """{"Operations":[{"op":"remove","path":"members[value pr]"}]}""", "invalidFilter" },
        { """{"Operations":[{"op":"remove","path":"members[value eq \"\"]"}]}""", "invalidValue" },
        { """{"Operations":[{"op":"add","path":"members","value":[{"value":""}]}]}""", "invalidValue" },
        { """{"Operations":[{"op":"add","path":"members","value":[{"display":"No id"}]}]}""", "invalidValue" },
        { """{"Operations":[{"op":"add","path":"members","value":[{"value":42}]}]}""", "invalidValue" },
        { """{"Operations":[{"op":"add","path":"members","value":[null]}]}""", "invalidValue" },
        { """{"Operations":[{"op":"replace","path":"members","value":[5]}]}""", "invalidValue" },
        { """{"Operations":[{"op":"replace","path":"members[value eq \"a\"]","value":{"value":"b"}}]}""", "invalidPath" },
        { """{"Operations":[{"op":"replace","path":"members.value","value":"b"}]}""", "invalidPath" },
        { """{"Operations":[{"op":"remove","path":"members[value eq \"a\"].display"}]}""", "invalidPath" },
        { """{"Operations":[{"op":"replace","path":"displayNam","value":"x"}]}""", "invalidPath" },
        { """{"Operations":[{"op":"remove","path":"displayName"}]}""", "mutability" },
        { """{"Operations":[{"op":"replace","path":"id","value":"x"}]}""", "mutability" },
        { """{"Operations":[{"op":"replace","path":"displayName","value":""}]}""", "invalidValue" },
    };

    [Fact]
    public void Too_many_members_in_one_operation_are_refused()
    {
        var ids = string.Join(",", Enumerable.Range(0, ScimInputLimits.MaxGroupMembersPerRequest + 1).Select(i => $"{{\"value\":\"u-{i}\"}}"));
        var operations = PatchRequest.Read(JsonAssert.Object($$"""{"Operations":[{"op":"add","path":"members","value":[{{ids}}]}]}"""));

        var error = Assert.Throws<ScimProtocolException>(() => GroupPatchPlanner.Plan(JsonAssert.Object(Group), operations));

        Assert.Equal("invalidValue", error.ScimType);
    }

    [Fact]
    public void Too_many_member_values_over_all_operations_of_one_request_are_refused_with_the_limit()
    {
        var half = ScimInputLimits.MaxGroupMembersPerRequest / 2;
        string Members(int from) => string.Join(",", Enumerable.Range(from, half + 1).Select(i => $"{{\"value\":\"u-{i}\"}}"));
        var operations = PatchRequest.Read(JsonAssert.Object(
            $$"""{"Operations":[{"op":"add","path":"members","value":[{{Members(0)}}]},{"op":"remove","path":"members","value":[{{Members(half + 1)}}]}]}"""));

        var error = Assert.Throws<ScimProtocolException>(() => GroupPatchPlanner.Plan(JsonAssert.Object(Group), operations));

        Assert.Equal((400, "invalidValue"), (error.Status, error.ScimType));
        Assert.Contains(ScimInputLimits.MaxGroupMembersPerRequest.ToString(), error.Detail);
    }

    [Theory]
    [MemberData(nameof(FailingRequests))]
    public void Invalid_group_patches_fail_with_their_scim_type(string body, string scimType)
    {
        var attributes = JsonAssert.Object(Group);
        var before = attributes.ToJsonString();

        var error = Assert.Throws<ScimProtocolException>(
            () => GroupPatchPlanner.Plan(attributes, PatchRequest.Read(JsonAssert.Object(body))));

        Assert.Equal((400, scimType), (error.Status, error.ScimType));
        Assert.Equal(before, attributes.ToJsonString());
    }

    private static string Describe(MemberChange change) => change switch
    {
        AddMembers add => "Add " + string.Join(",", add.UserIds),
        RemoveMembers remove => "Remove " + string.Join(",", remove.UserIds),
        ReplaceMembers replace => "Replace " + string.Join(",", replace.UserIds),
        RemoveAllMembers => "RemoveAll",
        _ => change.ToString(),
    };
}
