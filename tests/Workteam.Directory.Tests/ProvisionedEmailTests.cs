using Workteam.Contracts.Provisioning;
using Workteam.Directory.Provisioning;

namespace Workteam.Directory.Tests;

public sealed class ProvisionedEmailTests
{
    [Fact]
    public void The_primary_email_comes_first() =>
        Assert.Equal("primary@contoso.test", Choose("user@contoso.test",
            new("home@contoso.test", "home", false), new("work@contoso.test", "work", false), new("primary@contoso.test", "other", true)));

    [Fact]
    public void Without_a_primary_the_work_email_is_chosen() =>
        Assert.Equal("work@contoso.test", Choose("user@contoso.test", new("home@contoso.test", "home", false), new("work@contoso.test", "Work", false)));

    [Fact]
    public void Without_primary_or_work_the_first_email_is_chosen() =>
        Assert.Equal("home@contoso.test", Choose("user", new("home@contoso.test", "home", false), new("other@contoso.test", null, false)));

    [Fact]
    public void Without_emails_a_userName_that_looks_like_an_email_is_used() =>
        Assert.Equal("jyoung@contoso.test", Choose(" jyoung@contoso.test "));

    [Fact]
    public void Without_emails_and_an_email_like_userName_there_is_none() =>
        Assert.Null(Choose("jyoung"));

    [Fact]
    public void Invalid_addresses_are_passed_over() =>
        Assert.Equal("work@contoso.test", Choose("jyoung", new("not an address", null, true), new("work@contoso.test", "work", false)));

    private static string? Choose(string userName, params ScimUserEmail[] emails) =>
        ProvisionedEmail.Choose(new ScimUserProfile(userName, null, true, null, null, null, emails, null, null, null, []));
}
