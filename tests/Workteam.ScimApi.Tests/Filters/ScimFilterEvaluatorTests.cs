using System.Text.Json.Nodes;
using Workteam.ScimApi.Protocol.Filters;
using static Workteam.ScimApi.Protocol.Filters.ComparisonOperator;
using static Workteam.ScimApi.Tests.Filters.FilterTrees;

namespace Workteam.ScimApi.Tests.Filters;

public sealed class ScimFilterEvaluatorTests
{
    private const string WorkEmail = """{"type":"work","value":"Joy.Young@Contoso.com","primary":true,"display":""}""";

    [Theory]
    // Strings: case-insensitive unless caseExact.
    [InlineData(WorkEmail, "type eq \"work\"", true)]
    [InlineData(WorkEmail, "type eq \"WORK\"", true)]
    [InlineData(WorkEmail, "TYPE eq \"work\"", true)]
    [InlineData(WorkEmail, "type eq \"home\"", false)]
    [InlineData(WorkEmail, "value co \"@contoso.COM\"", true)]
    [InlineData(WorkEmail, "value sw \"joy.\"", true)]
    [InlineData(WorkEmail, "value ew \"CONTOSO.com\"", true)]
    [InlineData(WorkEmail, "value ew \"contoso.org\"", false)]
    [InlineData(WorkEmail, "type gt \"WOR\"", true)]
    [InlineData(WorkEmail, "type ge \"WORK\"", true)]
    [InlineData(WorkEmail, "type lt \"x\"", true)]
    [InlineData(WorkEmail, "type le \"Wor\"", false)]
    [InlineData("""{"code":"AbC"}""", "code eq \"abc\"", false)]
    [InlineData("""{"code":"AbC"}""", "CODE eq \"AbC\"", true)]
    [InlineData("""{"code":"AbC"}""", "code co \"bc\"", false)]
    [InlineData("""{"code":"AbC"}""", "code gt \"a\"", false)]
    [InlineData("""{"code":"AbC"}""", "code lt \"a\"", true)]
    // Booleans, including Entra's "True"/"False" strings.
    [InlineData(WorkEmail, "primary eq true", true)]
    [InlineData(WorkEmail, "primary eq false", false)]
    [InlineData(WorkEmail, "primary ne false", true)]
    [InlineData("""{"primary":"True"}""", "primary eq true", true)]
    [InlineData("""{"primary":"False"}""", "primary eq false", true)]
    [InlineData("""{"primary":"False"}""", "primary eq true", false)]
    [InlineData("""{"primary":"maybe"}""", "primary eq true", false)]
    [InlineData("""{"primary":1}""", "primary eq true", false)]
    // Numbers compare numerically.
    [InlineData("""{"priority":10}""", "priority gt 9", true)]
    [InlineData("""{"priority":10}""", "priority eq 10.0", true)]
    [InlineData("""{"priority":10}""", "priority le 9.5", false)]
    [InlineData("""{"priority":-2.5}""", "priority lt -2", true)]
    [InlineData("""{"priority":"10"}""", "priority ge 10", true)]
    [InlineData("""{"priority":10}""", "priority eq \"10\"", true)]
    [InlineData("""{"priority":"ten"}""", "priority eq 10", false)]
    // Presence: null, empty strings and empty arrays are absent.
    [InlineData(WorkEmail, "value pr", true)]
    [InlineData(WorkEmail, "display pr", false)]
    [InlineData(WorkEmail, "missing pr", false)]
    [InlineData("""{"value":null}""", "value pr", false)]
    [InlineData("""{"value":[]}""", "value pr", false)]
    [InlineData("""{"value":["a"]}""", "value pr", true)]
    [InlineData("""{"value":false}""", "value pr", true)]
    [InlineData("""{"value":{}}""", "value pr", true)]
    // Absent attributes: ne holds, everything else fails.
    [InlineData(WorkEmail, "missing ne \"x\"", true)]
    [InlineData(WorkEmail, "missing eq \"x\"", false)]
    [InlineData(WorkEmail, "missing co \"x\"", false)]
    [InlineData(WorkEmail, "missing gt 1", false)]
    [InlineData(WorkEmail, "missing ne true", true)]
    [InlineData(WorkEmail, "missing eq null", true)]
    [InlineData(WorkEmail, "display eq null", true)]
    [InlineData(WorkEmail, "value eq null", false)]
    [InlineData(WorkEmail, "value ne null", true)]
    // Arrays inside an element match when any item does; complex values never compare.
    [InlineData("""{"tags":["a","b"]}""", "tags eq \"B\"", true)]
    [InlineData("""{"tags":["a","b"]}""", "tags ne \"b\"", false)]
    [InlineData("""{"tags":{"x":"b"}}""", "tags eq \"b\"", false)]
    // Logic.
    [InlineData(WorkEmail, "type eq \"work\" and primary eq true", true)]
    [InlineData(WorkEmail, "type eq \"work\" and primary eq false", false)]
    [InlineData(WorkEmail, "type eq \"home\" or primary eq true", true)]
    [InlineData(WorkEmail, "not (type eq \"home\")", true)]
    [InlineData(WorkEmail, "not (type eq \"work\" and value pr)", false)]
    public void Matches_one_element(string element, string filter, bool expected)
    {
        var node = ScimFilterParser.Parse(filter);
        Assert.Equal(expected, ScimFilterEvaluator.Matches(node, JsonNode.Parse(element)!.AsObject(), IsCaseExact));
    }

    [Fact]
    public void Picks_the_element_a_patch_path_targets()
    {
        var emails = JsonNode.Parse("""
            [{"type":"home","value":"joy@home.example","primary":"False"},
             {"type":"Work","value":"joy@contoso.com","primary":"True"},
             {"type":"work","value":"old@contoso.com","primary":false}]
            """)!.AsArray();
        var path = ScimFilterParser.ParsePatchPath("emails[type eq \"work\" and primary eq true].value");

        var targets = emails.Select(e => e!.AsObject()).Where(e => ScimFilterEvaluator.Matches(path.ValueFilter!, e, _ => false));

        Assert.Equal(["joy@contoso.com"], targets.Select(e => (string)e["value"]!));
    }

    [Fact]
    public void Values_built_in_code_compare_like_parsed_ones()
    {
        var element = new JsonObject { ["primary"] = true, ["priority"] = 3, ["created"] = new DateTime(2024, 1, 2, 0, 0, 0, DateTimeKind.Utc) };
        Assert.True(ScimFilterEvaluator.Matches(Eq("primary", true), element, _ => false));
        Assert.True(ScimFilterEvaluator.Matches(Cmp("priority", Ge, 3m), element, _ => false));
        Assert.True(ScimFilterEvaluator.Matches(Cmp("created", Sw, "2024-01-02T"), element, _ => false));
    }

    [Fact]
    public void A_nested_value_filter_is_refused()
    {
        var nested = ValuePath("emails", Eq("type", "work"));
        Assert.Throws<ScimFilterException>(() => ScimFilterEvaluator.Matches(nested, new JsonObject(), _ => false));
        Assert.Throws<ScimFilterException>(() => ScimFilterEvaluator.Matches(Not(nested), new JsonObject(), _ => false));
    }

    [Fact]
    public void Paths_beyond_a_sub_attribute_are_refused() =>
        Assert.Throws<ScimFilterException>(() => ScimFilterEvaluator.Matches(Cmp(Attr("name", "givenName"), ComparisonOperator.Eq, "x"), new JsonObject(), _ => false));

    private static bool IsCaseExact(string subAttribute) => string.Equals(subAttribute, "code", StringComparison.OrdinalIgnoreCase);
}
