using Workteam.Directory.Data;

namespace Workteam.Directory.Provisioning;

/// <summary>
/// The accounts a batch of user events may touch, loaded in one statement: every account of the batch's
/// organizations with one of its SCIM user ids or emails. A look-up of such an organization and id or email is
/// answered from these accounts by their current values, since the batch changes only accounts it found or made,
/// and each of those is remembered here.
/// </summary>
public sealed class PreloadedAccounts(
    List<Account> accounts, IReadOnlySet<Guid> organizations, IReadOnlySet<Guid> scimUserIds, IReadOnlySet<string> normalizedEmails)
{
    /// <summary>Whether the account of this SCIM user, if there is one, is among the accounts.</summary>
    public bool CoversScimUser(Guid organizationId, Guid scimUserId) => organizations.Contains(organizationId) && scimUserIds.Contains(scimUserId);

    /// <summary>Whether the account holding this email, if there is one, is among the accounts.</summary>
    public bool CoversEmail(Guid organizationId, string normalizedEmail) =>
        organizations.Contains(organizationId) && normalizedEmails.Contains(normalizedEmail);

    public Account? ByScimUser(Guid organizationId, Guid scimUserId) =>
        accounts.SingleOrDefault(a => a.OrganizationId == organizationId && a.ScimUserId == scimUserId);

    public Account? ByEmail(Guid organizationId, string normalizedEmail) =>
        accounts.SingleOrDefault(a => a.OrganizationId == organizationId && a.NormalizedEmail == normalizedEmail);

    /// <summary>Adds an account the batch found by a query or made, unless it is known already; answers it.</summary>
    public Account? Remember(Account? account)
    {
        if (account is not null && !accounts.Contains(account))
        {
            accounts.Add(account);
        }

        return account;
    }
}
