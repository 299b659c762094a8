using Workteam.ScimApi.Protocol;
using Workteam.ScimApi.Protocol.Filters;
using static Workteam.ScimApi.Tests.Filters.FilterTrees;

namespace Workteam.ScimApi.Tests.Filters;

public sealed class ScimPatchPathTests
{
    public static TheoryData<string, PatchPath> EntraPaths => new()
    {
        { "members", new PatchPath(Attr("members"), null, null) },
        { "active", new PatchPath(Attr("active"), null, null) },
        { "userName", new PatchPath(Attr("userName"), null, null) },
        { "displayName", new PatchPath(Attr("displayName"), null, null) },
        { "nickName", new PatchPath(Attr("nickName"), null, null) },
        { "externalId", new PatchPath(Attr("externalId"), null, null) },
        { "roles", new PatchPath(Attr("roles"), null, null) },
        { "manager", new PatchPath(Attr("manager"), null, null) },
        { "name.familyName", new PatchPath(Attr("name", "familyName"), null, null) },
        { "name.givenName", new PatchPath(Attr("name", "givenName"), null, null) },
        { "emails[type eq \"work\"].value", new PatchPath(Attr("emails"), Eq("type", "work"), "value") },
        {
            "members[value eq \"7f4bc1a3-285e-48ae-8202-5accb43efb0e\"]",
            new PatchPath(Attr("members"), Eq("value", "7f4bc1a3-285e-48ae-8202-5accb43efb0e"), null)
        },
        { "addresses[type eq \"work\"].streetAddress", new PatchPath(Attr("addresses"), Eq("type", "work"), "streetAddress") },
        {
            $"{EnterpriseUser}:employeeNumber",
            new PatchPath(new AttributePath(EnterpriseUser, "employeeNumber"), null, null)
        },
        { $"{EnterpriseUser}:manager", new PatchPath(new AttributePath(EnterpriseUser, "manager"), null, null) },
    };

    public static TheoryData<string, PatchPath> OtherPaths => new()
    {
        { "  Members  ", new PatchPath(Attr("Members"), null, null) },
        { "members[value eq \"a\"].$ref", new PatchPath(Attr("members"), Eq("value", "a"), "$ref") },
        {
            "emails[type eq \"work\" and primary eq true]",
            new PatchPath(Attr("emails"), And(Eq("type", "work"), Eq("primary", true)), null)
        },
        {
            "EMAILS[not (type EQ \"home\") or value ew \"@contoso.com\"].Display",
            new PatchPath(
                Attr("EMAILS"),
                Or(Not(Eq("type", "home")), Cmp("value", Protocol.Filters.ComparisonOperator.Ew, "@contoso.com")),
                "Display")
        },
        {
            $"{CoreUser}:emails[type eq \"work\"].value",
            new PatchPath(new AttributePath(CoreUser, "emails"), Eq("type", "work"), "value")
        },
        {
            $"{CoreUser}:name.familyName",
            new PatchPath(new AttributePath(CoreUser, "name", "familyName"), null, null)
        },
    };

    [Theory]
    [MemberData(nameof(EntraPaths))]
    [MemberData(nameof(OtherPaths))]
    public void Parses_into_the_expected_path(string path, PatchPath expected) =>
        Assert.Equal(expected, ScimFilterParser.ParsePatchPath(path));

    [Theory]
    [MemberData(nameof(EntraPaths))]
    [MemberData(nameof(OtherPaths))]
    public void Printed_form_parses_back_to_the_same_path(string path, PatchPath expected) =>
        Assert.Equal(expected, ScimFilterParser.ParsePatchPath(ScimFilterParser.Print(ScimFilterParser.ParsePatchPath(path))));

    [Fact]
    public void Prints_a_canonical_form() =>
        Assert.Equal(
            "emails[type eq \"work\" and primary eq true].value",
            ScimFilterParser.ParsePatchPath("emails[type EQ work AND primary eq True].value").ToString());

    [Theory]
    [InlineData("", "The path is empty.")]
    [InlineData("emails[type eq \"work\"", "Expected 'and', 'or' or ']' (to close the '[' at character 7) at character 22, found the end of the path.")]
    [InlineData("emails[type eq \"work\"] value", "Expected '.subAttribute' or the end of the path at character 24, found 'value'.")]
    [InlineData("name familyName", "Expected '[' or the end of the path at character 6, found 'familyName'.")]
    public void Explains_what_was_expected_and_where(string path, string message) =>
        Assert.Equal(message, Assert.Throws<ScimFilterException>(() => ScimFilterParser.ParsePatchPath(path)).Message);

    [Theory]
    [InlineData("   ")]
    [InlineData("[type eq \"work\"]")]
    [InlineData("emails[]")]
    [InlineData("emails[type eq \"work\"]]")]
    [InlineData("emails[type eq \"work\"].")]
    [InlineData("emails[type eq \"work\"].value.display")]
    [InlineData("emails[type eq \"work\"] .value")]
    [InlineData("emails[type eq \"work\"][value pr]")]
    [InlineData("emails[type[value pr] pr]")]
    [InlineData("emails.value[type eq \"work\"]")]
    [InlineData("emails[name.givenName eq \"x\"]")]
    [InlineData("emails eq \"x\"")]
    [InlineData("emails[type eq \"work\"].value eq \"x\"")]
    [InlineData("(members)")]
    [InlineData("\"members\"")]
    [InlineData("name.familyName.x")]
    [InlineData("name..familyName")]
    [InlineData("not")]
    [InlineData("1members")]
    [InlineData("mem bers")]
    [InlineData("members[value eq \"x]")]
    public void Malformed_paths_throw_a_filter_exception(string path) =>
        Assert.Throws<ScimFilterException>(() => ScimFilterParser.ParsePatchPath(path));

    [Fact]
    public void Oversized_paths_are_refused()
    {
        Assert.Throws<ScimFilterException>(() => ScimFilterParser.ParsePatchPath(new string('a', ScimFilterParser.MaxLength + 1)));
        var nested = "emails[" + new string('(', 10_000) + "type pr" + new string(')', 10_000) + "]";
        Assert.Throws<ScimFilterException>(() => ScimFilterParser.ParsePatchPath(nested));
        var deep = "emails[" + new string('(', ScimFilterParser.MaxNesting) + "type pr" + new string(')', ScimFilterParser.MaxNesting) + "]";
        Assert.Throws<ScimFilterException>(() => ScimFilterParser.ParsePatchPath(deep));
    }
}
