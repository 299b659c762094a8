using Workteam.Directory.Accounts;
using Workteam.Directory.Data;

namespace Workteam.Directory.Pages.Organization;

/// <summary>What a console page says after an admin changed an account's role or status.</summary>
public static class AccountChangeNotice
{
    public static (string? Message, string? Error) Of(Result<Account> result) =>
        result.Succeeded ? ($"{result.Value!.Label} is now {result.Value.Role}, {result.Value.Status}.", null) : (null, result.Error);
}
