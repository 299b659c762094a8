using Workteam.Directory.Data;

namespace Workteam.Directory.Accounts;

/// <summary>
/// When a member gets a password-reset mail and how long its link works: at most <see cref="MailsPerWindow"/> mails
/// per account per hour, only to an account that can sign in with a password, links valid one hour and once.
/// </summary>
public sealed class PasswordResetPolicy(TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);
    public const int MailsPerWindow = 3;

    public const string UnusableMessage = "This password-reset link was used or has expired. Ask for a new one.";

    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>The mails sent since this time count towards the limit.</summary>
    public DateTimeOffset WindowStart => Now - Window;

    public DateTimeOffset ExpiresAt => Now + Lifetime;

    /// <summary>Whether the account gets a mail, given when it got the ones before (any age).</summary>
    public bool MayMail(Account account, IEnumerable<DateTimeOffset> mailedAt) =>
        CanSignInWithPassword(account) && mailedAt.Count(at => at > WindowStart) < MailsPerWindow;

    /// <summary>Whether the link still sets a password for the account: unused, not expired, the account can still sign in.</summary>
    public bool IsUsable(PasswordReset reset, Account account) =>
        reset.UsedAt is null && reset.WithdrawnAt is null && reset.ExpiresAt > Now && CanSignInWithPassword(account);

    /// <summary>
    /// Suspended or Entra-disabled members have no access to win back, and a member without a password (an invitation
    /// never accepted) sets one through the invitation.
    /// </summary>
    private static bool CanSignInWithPassword(Account account) =>
        !account.Deleted && account.Status == AccountStatus.Active && account.PasswordHash is not null && account.Email is not null;
}
