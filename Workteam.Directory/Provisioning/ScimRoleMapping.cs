using Workteam.Directory.Data;

namespace Workteam.Directory.Provisioning;

/// <summary>The account role for a SCIM user's <c>roles</c> values, and the values Workteam does not know.</summary>
public sealed record MappedRole(AccountRole Role, IReadOnlyList<string> UnknownValues);

/// <summary>
/// Maps Entra's app role values to Workteam roles, ignoring case: "Admin" makes an admin; "Member", "User"
/// (Entra's default app role) or no role make a member. An unknown value counts as a member and is reported.
/// </summary>
public static class ScimRoleMapping
{
    private static readonly string[] MemberValues = ["Member", "User"];

    public static MappedRole Map(IEnumerable<string?> values)
    {
        var role = AccountRole.Member;
        var unknown = new List<string>();
        foreach (var raw in values)
        {
            var value = raw?.Trim();
            if (string.IsNullOrEmpty(value))
            {
                continue;
            }

            if (value.Equals("Admin", StringComparison.OrdinalIgnoreCase))
            {
                role = AccountRole.Admin;
            }
            else if (!MemberValues.Contains(value, StringComparer.OrdinalIgnoreCase))
            {
                unknown.Add(value);
            }
        }

        return new MappedRole(role, unknown);
    }
}
