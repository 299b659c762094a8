using Workteam.ScimApi.Protocol;

namespace Workteam.ScimApi.Tests;

public sealed class EqualityFilterTests
{
    [Theory]
    [InlineData("userName eq \"Test_User_dfeef4c5-5681-4387-b016-bdf221e82081\"", "userName", "Test_User_dfeef4c5-5681-4387-b016-bdf221e82081")]
    [InlineData("displayName eq \"Sales\"", "displayName", "Sales")]
    [InlineData("USERNAME EQ \"a@contoso.com\"", "USERNAME", "a@contoso.com")]
    [InlineData("  externalId   eq   \"0a21f0f2\"  ", "externalId", "0a21f0f2")]
    [InlineData("userName eq \"say \\\"hi\\\"\"", "userName", "say \"hi\"")]
    [InlineData("userName eq \"\"", "userName", "")]
    public void Entras_lookups_parse_into_attribute_and_value(string filter, string attribute, string value)
    {
        Assert.True(EqualityFilter.TryParse(filter, out var parsed, out var error), error);
        Assert.Equal(new EqualityFilter(attribute, value), parsed);
    }

    [Theory]
    [InlineData("userName ne \"x\"")]
    [InlineData("userName eq x")]
    [InlineData("userName eq \"x\" and active eq true")]
    [InlineData("eq \"x\"")]
    [InlineData("")]
    public void Anything_else_is_refused_with_a_reason(string filter)
    {
        Assert.False(EqualityFilter.TryParse(filter, out var parsed, out var error));
        Assert.Null(parsed);
        Assert.Contains("Unsupported filter", error);
    }
}
