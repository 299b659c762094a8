using Workteam.Directory.Data;

namespace Workteam.Directory.Provisioning;

/// <summary>
/// The accounts a batch of user events may touch, loaded in one statement, and the look-ups they answer: every
/// account of the database that matches a covered look-up is in <see cref="Accounts"/>, since the batch changes only
/// accounts it found or made, and each of those is remembered. A look-up compares the accounts' current values.
/// </summary>
public sealed class PreloadedAccounts(
    List<Account> accounts, HashSet<(Guid Organization, Guid ScimUserId)> scimUsers, HashSet<(Guid Organization, string NormalizedEmail)> emails)
{
    public IReadOnlyList<Account> Accounts => accounts;

    public HashSet<(Guid Organization, Guid ScimUserId)> ScimUsers => scimUsers;

    public HashSet<(Guid Organization, string NormalizedEmail)> Emails => emails;

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
