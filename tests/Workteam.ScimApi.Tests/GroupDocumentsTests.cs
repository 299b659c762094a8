using System.Text.Json;
using System.Text.Json.Nodes;
using Workteam.ScimApi.Data;
using Workteam.ScimApi.Protocol;
using Workteam.ScimApi.Resources;

namespace Workteam.ScimApi.Tests;

public sealed class GroupDocumentsTests
{
    private static readonly ScimLocations Locations = new("https://workteam.example/scim/v2/org");
    private static readonly Guid GroupId = Guid.Parse("0a8e4b3c-0000-4000-8000-000000000001");
    private static readonly Guid Ann = Guid.Parse("0a8e4b3c-0000-4000-8000-0000000000a1");
    private static readonly Guid Bo = Guid.Parse("0a8e4b3c-0000-4000-8000-0000000000b2");

    private static GroupView Sales(string? externalId, IReadOnlyList<GroupMemberView>? members) => new(
        new ScimGroup
        {
            Id = GroupId,
            DisplayName = "Sales \"EMEA\" – Zürich",
            ExternalId = externalId,
            Version = 7,
            CreatedAt = new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero),
            LastModifiedAt = new DateTimeOffset(2026, 3, 2, 9, 30, 15, 250, TimeSpan.Zero),
        },
        members);

    [Fact]
    public void A_group_is_written_with_its_members_references_and_meta()
    {
        var rendered = GroupDocuments.Render(Sales("ext-1", [new(Ann, "Ann Lee"), new(Bo, "Bø")]), Locations);

        JsonAssert.Equal($$"""
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"id":"{{GroupId}}","externalId":"ext-1","displayName":"Sales \"EMEA\" – Zürich",
             "members":[{"value":"{{Ann}}","$ref":"https://workteam.example/scim/v2/org/Users/{{Ann}}","type":"User","display":"Ann Lee"},
                        {"value":"{{Bo}}","$ref":"https://workteam.example/scim/v2/org/Users/{{Bo}}","type":"User","display":"Bø"}],
             "meta":{"resourceType":"Group","created":"2026-03-01T08:00:00.000Z","lastModified":"2026-03-02T09:30:15.250Z",
                     "location":"https://workteam.example/scim/v2/org/Groups/{{GroupId}}","version":"W/\"7\""} }
            """, rendered);
    }

    [Fact]
    public void Members_not_loaded_and_a_missing_external_id_are_left_out_and_no_members_is_an_empty_list()
    {
        var withoutMembers = GroupDocuments.Render(Sales(null, null), Locations);
        var empty = GroupDocuments.Render(Sales(null, []), Locations);

        Assert.False(withoutMembers.ContainsKey("members"));
        Assert.False(withoutMembers.ContainsKey("externalId"));
        Assert.Empty(empty["members"]!.AsArray());
    }

    [Fact]
    public void A_page_written_from_the_rows_is_the_page_of_rendered_groups()
    {
        var views = new[] { Sales("ext-1", [new(Ann, "Ann Lee"), new(Bo, "Bø")]), Sales(null, []) };
        var options = JsonSerializerOptions.Web;

        var written = JsonSerializer.Serialize(new ListResponse<WrittenGroup>(2, 1, 2, [.. views.Select(v => new WrittenGroup(v, Locations))]), options);
        var rendered = JsonSerializer.Serialize(new ListResponse<JsonObject>(2, 1, 2, [.. views.Select(v => GroupDocuments.Render(v, Locations))]), options);

        Assert.Equal(rendered, written);
        Assert.Equal(2, JsonNode.Parse(written)!["Resources"]![0]!["members"]!.AsArray().Count);
    }
}
