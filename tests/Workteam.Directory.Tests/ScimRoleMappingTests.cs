using Workteam.Directory.Data;
using Workteam.Directory.Provisioning;

namespace Workteam.Directory.Tests;

public sealed class ScimRoleMappingTests
{
    [Theory]
    [InlineData(AccountRole.Member)]
    [InlineData(AccountRole.Member, "Member")]
    [InlineData(AccountRole.Member, "user")]
    [InlineData(AccountRole.Member, "  ")]
    [InlineData(AccountRole.Admin, "Admin")]
    [InlineData(AccountRole.Admin, "ADMIN")]
    [InlineData(AccountRole.Admin, "User", " admin ")]
    public void Known_values_map_to_a_role_ignoring_case(AccountRole expected, params string[] values)
    {
        var mapped = ScimRoleMapping.Map(values);

        Assert.Equal(expected, mapped.Role);
        Assert.Empty(mapped.UnknownValues);
    }

    [Fact]
    public void Unknown_values_make_a_member_and_are_reported()
    {
        var mapped = ScimRoleMapping.Map(["Owner", "User", "Superuser"]);

        Assert.Equal(AccountRole.Member, mapped.Role);
        Assert.Equal(["Owner", "Superuser"], mapped.UnknownValues);
    }

    [Fact]
    public void An_admin_value_wins_over_an_unknown_one()
    {
        var mapped = ScimRoleMapping.Map(["Owner", "Admin"]);

        Assert.Equal(AccountRole.Admin, mapped.Role);
        Assert.Equal(["Owner"], mapped.UnknownValues);
    }
}
