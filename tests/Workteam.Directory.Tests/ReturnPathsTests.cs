using Workteam.Directory.Saml;

namespace Workteam.Directory.Tests;

public sealed class ReturnPathsTests
{
    [Theory]
    [InlineData("/")]
    [InlineData("/organization/members?q=ada")]
    [InlineData("/organization/teams#top")]
    public void Paths_of_workteam_are_followed(string path) => Assert.Equal(path, ReturnPaths.OrHome(path));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("https://evil.example/")]
    [InlineData("evil.example")]
    [InlineData("/\t/evil.example")]
    [InlineData("/\n/evil.example")]
    [InlineData("javascript:alert(1)")]
    public void Anything_else_leads_to_the_console_home(string? path) => Assert.Equal(ReturnPaths.ConsoleHome, ReturnPaths.OrHome(path));
}
