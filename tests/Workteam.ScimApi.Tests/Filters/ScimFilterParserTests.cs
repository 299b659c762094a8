using Workteam.ScimApi.Protocol;
using Workteam.ScimApi.Protocol.Filters;
using static Workteam.ScimApi.Protocol.Filters.ComparisonOperator;
using static Workteam.ScimApi.Tests.Filters.FilterTrees;

namespace Workteam.ScimApi.Tests.Filters;

public sealed class ScimFilterParserTests
{
    public static TheoryData<string, FilterNode> EntraFilters => new()
    {
        { "userName eq \"Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee\"", Eq("userName", "Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee") },
        { "userName eq \"non-existent user\"", Eq("userName", "non-existent user") },
        { "externalId eq \"0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef\"", Eq("externalId", "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef") },
        { "externalId eq jyoung", Eq("externalId", "jyoung") },
        { "displayName eq \"displayName\"", Eq("displayName", "displayName") },
        {
            "emails[type eq \"work\"].value eq \"jyoung@Contoso.com\"",
            ValuePath("emails", And(Eq("type", "work"), Eq("value", "jyoung@Contoso.com")))
        },
        {
            "emails[type eq \"work\"]",
            ValuePath("emails", Eq("type", "work"))
        },
        {
            "id eq \"48af03ac28ad4fb88478\" and manager eq \"2819c223-7f76-453a-919d-413861904646\"",
            And(Eq("id", "48af03ac28ad4fb88478"), Eq("manager", "2819c223-7f76-453a-919d-413861904646"))
        },
        {
            "id eq \"927fa2c08dcb4a7fae9e\" and members eq \"f648f8d5ea4e4cd38e9c\"",
            And(Eq("id", "927fa2c08dcb4a7fae9e"), Eq("members", "f648f8d5ea4e4cd38e9c"))
        },
        {
            "ID eq 54D382A4-2050-4C03-94D1-E769F1D15682 and manager eq 2819c223-7f76-453a-919d-413861904646",
            And(Eq("ID", "54D382A4-2050-4C03-94D1-E769F1D15682"), Eq("manager", "2819c223-7f76-453a-919d-413861904646"))
        },
        {
            "id eq 54D382A4-2050-4C03-94D1-E769F1D15682 and manager eq 2819c223-7f76-453a-919d-413861904646",
            And(Eq("id", "54D382A4-2050-4C03-94D1-E769F1D15682"), Eq("manager", "2819c223-7f76-453a-919d-413861904646"))
        },
    };

    public static TheoryData<string, FilterNode> RfcExamples => new()
    {
        { "userName Eq \"john\"", Eq("userName", "john") },
        { "name.familyName co \"O'Malley\"", Cmp(Attr("name", "familyName"), Co, "O'Malley") },
        { "userName sw \"J\"", Cmp("userName", Sw, "J") },
        { $"{CoreUser}:userName sw \"J\"", Cmp(new AttributePath(CoreUser, "userName"), Sw, "J") },
        { "title pr", Pr("title") },
        { "meta.lastModified gt \"2011-05-13T04:42:34Z\"", Cmp(Attr("meta", "lastModified"), Gt, "2011-05-13T04:42:34Z") },
        { "meta.lastModified ge \"2011-05-13T04:42:34Z\"", Cmp(Attr("meta", "lastModified"), Ge, "2011-05-13T04:42:34Z") },
        { "meta.lastModified lt \"2011-05-13T04:42:34Z\"", Cmp(Attr("meta", "lastModified"), Lt, "2011-05-13T04:42:34Z") },
        { "meta.lastModified le \"2011-05-13T04:42:34Z\"", Cmp(Attr("meta", "lastModified"), Le, "2011-05-13T04:42:34Z") },
        { "title pr and userType eq \"Employee\"", And(Pr("title"), Eq("userType", "Employee")) },
        { "title pr or userType eq \"Intern\"", Or(Pr("title"), Eq("userType", "Intern")) },
        {
            "schemas eq \"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\"",
            Eq("schemas", EnterpriseUser)
        },
        {
            "userType eq \"Employee\" and (emails co \"example.com\" or emails.value co \"example.org\")",
            And(Eq("userType", "Employee"), Or(Cmp("emails", Co, "example.com"), Cmp(Attr("emails", "value"), Co, "example.org")))
        },
        {
            "userType ne \"Employee\" and not (emails co \"example.com\" or emails.value co \"example.org\")",
            And(
                Cmp("userType", Ne, "Employee"),
                Not(Or(Cmp("emails", Co, "example.com"), Cmp(Attr("emails", "value"), Co, "example.org"))))
        },
        {
            "userType eq \"Employee\" and (emails.type eq \"work\")",
            And(Eq("userType", "Employee"), Cmp(Attr("emails", "type"), ComparisonOperator.Eq, "work"))
        },
        {
            "userType eq \"Employee\" and emails[type eq \"work\" and value co \"@example.com\"]",
            And(Eq("userType", "Employee"), ValuePath("emails", And(Eq("type", "work"), Cmp("value", Co, "@example.com"))))
        },
        {
            "emails[type eq \"work\" and value co \"@example.com\"] or ims[type eq \"xmpp\" and value co \"@foo.com\"]",
            Or(
                ValuePath("emails", And(Eq("type", "work"), Cmp("value", Co, "@example.com"))),
                ValuePath("ims", And(Eq("type", "xmpp"), Cmp("value", Co, "@foo.com"))))
        },
    };

    public static TheoryData<string, FilterNode> GrammarCases => new()
    {
        // Precedence: not > and > or, left-associative chains.
        { "a pr or b pr and c pr", Or(Pr("a"), And(Pr("b"), Pr("c"))) },
        { "a pr and b pr or c pr", Or(And(Pr("a"), Pr("b")), Pr("c")) },
        { "a pr and b pr and c pr", And(And(Pr("a"), Pr("b")), Pr("c")) },
        { "a pr or b pr or c pr", Or(Or(Pr("a"), Pr("b")), Pr("c")) },
        { "(a pr or b pr) and c pr", And(Or(Pr("a"), Pr("b")), Pr("c")) },
        { "a pr and (b pr and c pr)", And(Pr("a"), And(Pr("b"), Pr("c"))) },
        { "not (a pr) and b pr", And(Not(Pr("a")), Pr("b")) },
        { "not (a pr or b pr) or not (c pr)", Or(Not(Or(Pr("a"), Pr("b"))), Not(Pr("c"))) },
        { "not(a pr)", Not(Pr("a")) },
        { "not (not (a pr))", Not(Not(Pr("a"))) },
        { "((a pr))", Pr("a") },
        { "(a pr)and(b pr)", And(Pr("a"), Pr("b")) },
        // Case-insensitive keywords and operators; names kept as written.
        { "USERNAME EQ \"x\" AND Title PR OR Not (Active Eq TRUE)", Or(And(Eq("USERNAME", "x"), Pr("Title")), Not(Eq("Active", true))) },
        { "emails[TYPE Eq \"work\" aNd Primary eq True]", ValuePath("emails", And(Eq("TYPE", "work"), Eq("Primary", true))) },
        { "userName ne \"x\"", Cmp("userName", Ne, "x") },
        { "userName co \"x\"", Cmp("userName", Co, "x") },
        { "userName ew \"x\"", Cmp("userName", Ew, "x") },
        // Values.
        { "active eq true", Eq("active", true) },
        { "active eq false", Eq("active", false) },
        { "manager eq null", Eq("manager", null) },
        { "manager ne NULL", Cmp("manager", Ne, null) },
        { "age gt 25", Cmp("age", Gt, 25m) },
        { "age ge -3", Cmp("age", Ge, -3m) },
        { "score lt 0.5", Cmp("score", Lt, 0.5m) },
        { "score le -12.75", Cmp("score", Le, -12.75m) },
        { "score eq 1e3", Eq("score", 1000m) },
        { "externalId eq 007", Eq("externalId", "007") },
        { "externalId eq \"25\"", Eq("externalId", "25") },
        { "userName eq \"\"", Eq("userName", "") },
        { "userName eq \"say \\\"hi\\\" \\\\ back\\/slash\"", Eq("userName", "say \"hi\" \\ back/slash") },
        { "userName eq \"caf\\u00e9 \\u00C9\\n\\t\"", Eq("userName", "café É\n\t") },
        { "userName eq \"a and b or not (c) [d]\"", Eq("userName", "a and b or not (c) [d]") },
        { "userName eq \"Zoë\"", Eq("userName", "Zoë") },
        // Attribute paths.
        { "members.$ref pr", new PresentFilter(Attr("members", "$ref")) },
        { "x_y-z9 pr", Pr("x_y-z9") },
        {
            $"{CoreUser}:name.familyName eq \"Jensen\"",
            Cmp(new AttributePath(CoreUser, "name", "familyName"), ComparisonOperator.Eq, "Jensen")
        },
        {
            $"{EnterpriseUser}:manager eq \"26118915-6090-4610-87e4-49d8ca9f808d\"",
            Cmp(new AttributePath(EnterpriseUser, "manager"), ComparisonOperator.Eq, "26118915-6090-4610-87e4-49d8ca9f808d")
        },
        {
            $"{EnterpriseUser}:manager.value eq \"m1\"",
            Cmp(new AttributePath(EnterpriseUser, "manager", "value"), ComparisonOperator.Eq, "m1")
        },
        // Entra's valuePath.subAttr forms.
        { "emails[type eq \"work\"].value pr", ValuePath("emails", And(Eq("type", "work"), Pr("value"))) },
        {
            "emails[type eq \"work\" or primary eq true].value co \"@contoso.com\" and active eq true",
            And(
                ValuePath("emails", And(Or(Eq("type", "work"), Eq("primary", true)), Cmp("value", Co, "@contoso.com"))),
                Eq("active", true))
        },
        { "emails[not (type eq \"home\")]", ValuePath("emails", Not(Eq("type", "home"))) },
        { "emails[(type eq \"a\" or type eq \"b\") and value pr]", ValuePath("emails", And(Or(Eq("type", "a"), Eq("type", "b")), Pr("value"))) },
        // Whitespace.
        { "  \tuserName   eq\t\t\"x\"  ", Eq("userName", "x") },
        { "( a pr )", Pr("a") },
    };

    [Theory]
    [MemberData(nameof(EntraFilters))]
    [MemberData(nameof(RfcExamples))]
    [MemberData(nameof(GrammarCases))]
    public void Parses_into_the_expected_tree(string filter, FilterNode expected) =>
        Assert.Equal(expected, ScimFilterParser.Parse(filter));

    [Theory]
    [MemberData(nameof(EntraFilters))]
    [MemberData(nameof(RfcExamples))]
    [MemberData(nameof(GrammarCases))]
    public void Printed_form_parses_back_to_the_same_tree(string filter, FilterNode expected)
    {
        var printed = ScimFilterParser.Print(ScimFilterParser.Parse(filter));
        Assert.Equal(expected, ScimFilterParser.Parse(printed));
        Assert.Equal(printed, expected.ToString());
    }

    [Theory]
    [InlineData("userName eq \"x\"", "userName eq \"x\"")]
    [InlineData("USERNAME EQ jyoung", "USERNAME eq \"jyoung\"")]
    [InlineData("a pr AND (b pr OR c pr)", "a pr and (b pr or c pr)")]
    [InlineData("a pr and (b pr and c pr)", "a pr and (b pr and c pr)")]
    [InlineData("(a pr and b pr) or (c pr and d pr)", "a pr and b pr or c pr and d pr")]
    [InlineData("not(a pr)", "not (a pr)")]
    [InlineData("emails[type eq \"work\"].value eq \"x\"", "emails[type eq \"work\" and value eq \"x\"]")]
    [InlineData("score eq -1.50", "score eq -1.50")]
    [InlineData("active eq TRUE and manager eq null", "active eq true and manager eq null")]
    [InlineData("userName eq \"say \\\"hi\\\"\\u0001\"", "userName eq \"say \\\"hi\\\"\\u0001\"")]
    public void Prints_a_canonical_form(string filter, string canonical) =>
        Assert.Equal(canonical, ScimFilterParser.Print(ScimFilterParser.Parse(filter)));

    [Fact]
    public void Accepts_the_limits_exactly()
    {
        var nested = new string('(', ScimFilterParser.MaxNesting) + "a pr" + new string(')', ScimFilterParser.MaxNesting);
        Assert.Equal(Pr("a"), ScimFilterParser.Parse(nested));

        var comparisons = string.Join(" or ", Enumerable.Repeat("a pr", ScimFilterParser.MaxComparisons));
        Assert.IsType<OrFilter>(ScimFilterParser.Parse(comparisons));

        var longValue = "userName eq \"" + new string('x', ScimFilterParser.MaxLength - 14) + "\"";
        Assert.Equal(ScimFilterParser.MaxLength, longValue.Length);
        Assert.IsType<ComparisonFilter>(ScimFilterParser.Parse(longValue));
    }
}
