using Workteam.Directory.Saml;

namespace Workteam.Directory.Tests;

/// <summary>The domain "Sign in with Microsoft Entra ID" looks organizations up by.</summary>
public sealed class SsoOrganizationsTests
{
    [Theory]
    [InlineData("adele.vance@contoso.com", "contoso.com")]
    [InlineData("  Adele.Vance@Contoso.COM ", "contoso.com")]
    [InlineData("first@last@sub.contoso-eu.com", "sub.contoso-eu.com")]
    public void The_domain_is_what_follows_the_last_at_sign_in_lower_case(string address, string domain) =>
        Assert.Equal(domain, SsoOrganizations.DomainOf(address));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("adele")]
    [InlineData("@contoso.com")]
    [InlineData("adele@")]
    [InlineData("adele@localhost")]
    [InlineData("adele@%.com")]
    [InlineData("adele@contoso_.com")]
    [InlineData("adele@con toso.com")]
    public void An_address_without_a_plain_domain_has_none_so_no_pattern_gets_a_wildcard(string? address) =>
        Assert.Null(SsoOrganizations.DomainOf(address));
}
