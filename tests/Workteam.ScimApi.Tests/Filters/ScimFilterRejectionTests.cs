using Workteam.ScimApi.Protocol.Filters;

namespace Workteam.ScimApi.Tests.Filters;

public sealed class ScimFilterRejectionTests
{
    [Theory]
    [InlineData("", "The filter is empty.")]
    [InlineData("   \t ", "The filter is empty.")]
    [InlineData("(userName eq \"x\"", "Expected 'and', 'or' or ')' (to close the '(' at character 1) at character 17, found the end of the filter.")]
    [InlineData("userName eq \"x\")", "Unbalanced ')' at character 16: there is no '(' to close.")]
    [InlineData("userName eq \"x", "The string starting at character 13 of the filter has no closing quote.")]
    [InlineData("emails[type eq \"work\"", "Expected 'and', 'or' or ']' (to close the '[' at character 7) at character 22, found the end of the filter.")]
    [InlineData("userName eq", "Expected a value (\"string\", number, true, false or null) after 'eq' at character 12, found the end of the filter.")]
    [InlineData("userName xx \"a\"", "Expected an operator (eq, ne, co, sw, ew, gt, ge, lt, le or pr) after 'userName' at character 10, found 'xx'.")]
    [InlineData("userName eq \"a\" garbage", "Expected 'and', 'or' or the end of the filter at character 17, found 'garbage'.")]
    [InlineData("userName eq \"a\" and", "Expected an attribute path, '(' or 'not' at character 20, found the end of the filter.")]
    [InlineData("not userName pr", "Expected '(' after 'not' at character 5, found 'userName'.")]
    [InlineData("emails[value[type eq \"a\"] pr]", "'[' at character 13 opens a value filter inside another; they cannot nest.")]
    [InlineData("userName eq \"\\x\"", "Invalid escape '\\x' at character 14: use \\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\uXXXX.")]
    [InlineData("active gt true", "'gt' at character 8 cannot compare with true; only eq and ne can.")]
    [InlineData("1abc eq \"x\"", "'1abc' at character 1 is not a valid attribute path: '1abc' is not an attribute name.")]
    [InlineData("foo:bar eq \"x\"", "'foo:bar' at character 1 is not a valid attribute path: 'foo' is not a schema URI.")]
    [InlineData("score eq 1e400", "The number '1e400' at character 10 is out of range.")]
    [InlineData("userName eq \"a\\u0000\"", "The string starting at character 13 of the filter is not valid text. Text must not contain U+0000 or unpaired surrogates.")]
    [InlineData("userName eq \"a\u0000\"", "The string starting at character 13 of the filter is not valid text. Text must not contain U+0000 or unpaired surrogates.")]
    [InlineData("userName eq \"\\ud800\"", "The string starting at character 13 of the filter is not valid text. Text must not contain U+0000 or unpaired surrogates.")]
    [InlineData("userName eq \"\\udc00\\ud800\"", "The string starting at character 13 of the filter is not valid text. Text must not contain U+0000 or unpaired surrogates.")]
    public void Explains_what_was_expected_and_where(string filter, string message) =>
        Assert.Equal(message, Assert.Throws<ScimFilterException>(() => ScimFilterParser.Parse(filter)).Message);

    [Fact]
    public void Escaped_surrogate_pairs_are_text() =>
        Assert.Null(Record.Exception(() => ScimFilterParser.Parse("userName eq \"\\ud83d\\ude00\"")));

    [Theory]
    [InlineData("(")]
    [InlineData(")")]
    [InlineData("((a pr)")]
    [InlineData("(a pr))")]
    [InlineData("[")]
    [InlineData("]")]
    [InlineData("emails[type eq \"work\"")]
    [InlineData("emails type eq \"work\"]")]
    [InlineData("emails[type eq \"work\")")]
    [InlineData("(emails[type eq \"work\")]")]
    [InlineData("emails[]")]
    [InlineData("\"")]
    [InlineData("userName eq \"x")]
    [InlineData("userName eq x\"")]
    [InlineData("userName eq \"\\u12\"")]
    [InlineData("userName eq \"\\")]
    [InlineData("userName")]
    [InlineData("userName eq")]
    [InlineData("userName eq and")]
    [InlineData("userName eq (x)")]
    [InlineData("userName eq [x]")]
    [InlineData("userName === \"x\"")]
    [InlineData("userName equals \"x\"")]
    [InlineData("userName 1 \"x\"")]
    [InlineData("userName \"x\"")]
    [InlineData("eq \"x\"")]
    [InlineData("\"x\" eq userName")]
    [InlineData("userName eq \"x\" \"y\"")]
    [InlineData("userName eq \"x\" y")]
    [InlineData("userName eq \"x\" and")]
    [InlineData("userName eq \"x\" or or b pr")]
    [InlineData("and a pr")]
    [InlineData("a pr not (b pr)")]
    [InlineData("not a pr")]
    [InlineData("not ()")]
    [InlineData("()")]
    [InlineData("a pr pr")]
    [InlineData("a pr and b")]
    [InlineData("userName co null")]
    [InlineData("active sw false")]
    [InlineData("emails.value[type eq \"work\"]")]
    [InlineData("emails[name.givenName eq \"x\"]")]
    [InlineData("emails[urn:a:b:type eq \"x\"]")]
    [InlineData("emails[type eq \"work\"] .value eq \"x\"")]
    [InlineData("emails[type eq \"work\"].value")]
    [InlineData("emails[type eq \"work\"].value eq")]
    [InlineData("emails[type eq \"work\"].1x eq \"a\"")]
    [InlineData("emails[type eq \"work\"].value.x eq \"a\"")]
    [InlineData("name.familyName.x eq \"a\"")]
    [InlineData("name. eq \"a\"")]
    [InlineData(".name eq \"a\"")]
    [InlineData(":name eq \"a\"")]
    [InlineData("urn:ietf:params:scim:schemas:core:2.0:User: eq \"a\"")]
    [InlineData("$ eq \"a\"")]
    [InlineData("user name eq \"a\"")]
    [InlineData("userName eq \"x\"\u0000")]
    public void Malformed_filters_throw_a_filter_exception(string filter) =>
        Assert.Throws<ScimFilterException>(() => ScimFilterParser.Parse(filter));

    [Theory]
    [InlineData(10_000)]
    [InlineData(ScimFilterParser.MaxNesting + 1)]
    public void Deeply_nested_parentheses_are_refused(int depth)
    {
        var filter = new string('(', depth) + "a pr" + new string(')', depth);
        Assert.Throws<ScimFilterException>(() => ScimFilterParser.Parse(filter));
    }

    [Theory]
    [InlineData(10_000)]
    [InlineData(ScimFilterParser.MaxNesting + 1)]
    public void Deeply_nested_nots_are_refused(int depth)
    {
        var filter = string.Concat(Enumerable.Repeat("not (", depth)) + "a pr" + new string(')', depth);
        Assert.Throws<ScimFilterException>(() => ScimFilterParser.Parse(filter));
    }

    [Fact]
    public void Ten_thousand_open_parentheses_without_a_filter_are_refused() =>
        Assert.Throws<ScimFilterException>(() => ScimFilterParser.Parse(new string('(', 10_000)));

    [Fact]
    public void Nesting_just_past_the_limit_is_refused_even_within_the_length_limit()
    {
        var filter = new string('(', ScimFilterParser.MaxNesting + 1) + "a pr" + new string(')', ScimFilterParser.MaxNesting + 1);
        var error = Assert.Throws<ScimFilterException>(() => ScimFilterParser.Parse(filter));
        Assert.Equal("The filter nests deeper than 64 levels at character 65.", error.Message);
    }

    [Fact]
    public void Too_many_comparisons_are_refused()
    {
        var filter = string.Join(" or ", Enumerable.Repeat("a pr", ScimFilterParser.MaxComparisons + 1));
        var error = Assert.Throws<ScimFilterException>(() => ScimFilterParser.Parse(filter));
        Assert.StartsWith("The filter has more than 200 comparisons", error.Message);
    }

    [Fact]
    public void Very_long_input_is_refused()
    {
        var filter = "userName eq \"" + new string('x', ScimFilterParser.MaxLength) + "\"";
        var error = Assert.Throws<ScimFilterException>(() => ScimFilterParser.Parse(filter));
        Assert.Equal($"The filter is {filter.Length} characters long; at most 4096 are allowed.", error.Message);
        Assert.Throws<ScimFilterException>(() => ScimFilterParser.Parse(new string(' ', 1_000_000) + "a pr"));
    }

    [Fact]
    public void Random_garbage_only_ever_throws_a_filter_exception()
    {
        const string alphabet = "ab eqprndotco.:$[]()\"\\u0 1-\t";
        var random = new Random(20240601);
        for (var attempt = 0; attempt < 5_000; attempt++)
        {
            var text = new string(Enumerable.Range(0, random.Next(1, 60)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
            try
            {
                var parsed = ScimFilterParser.Parse(text);
                Assert.Equal(parsed, ScimFilterParser.Parse(ScimFilterParser.Print(parsed)));
            }
            catch (ScimFilterException)
            {
            }
        }
    }
}
