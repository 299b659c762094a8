using Workteam.Contracts.Provisioning;
using Workteam.Directory.Accounts;

namespace Workteam.Directory.Provisioning;

/// <summary>
/// The sign-in email of a provisioned member: the profile's primary email, else its work email, else its first,
/// else the userName when it looks like an email. Values that are not valid addresses are passed over.
/// </summary>
public static class ProvisionedEmail
{
    public static string? Choose(ScimUserProfile profile)
    {
        var candidates = new List<string?>();
        candidates.AddRange(profile.Emails.Where(e => e.Primary).Select(e => e.Value));
        candidates.AddRange(profile.Emails.Where(e => string.Equals(e.Type, "work", StringComparison.OrdinalIgnoreCase)).Select(e => e.Value));
        candidates.AddRange(profile.Emails.Select(e => e.Value));
        candidates.Add(profile.UserName);
        return candidates.Select(c => c?.Trim()).FirstOrDefault(c => AccountRules.ValidateEmail(c) is null);
    }
}
