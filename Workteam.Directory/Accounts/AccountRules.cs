using System.Net.Mail;

namespace Workteam.Directory.Accounts;

public static class AccountRules
{
    public const int MinimumPasswordLength = 12;
    public const int MaximumPasswordLength = 256;

    public static string? ValidateEmail(string? email)
    {
        var trimmed = email?.Trim();
        return string.IsNullOrEmpty(trimmed) || trimmed.Length > 320 || !MailAddress.TryCreate(trimmed, out var parsed) || parsed.Address != trimmed
            ? "Enter a valid email address."
            : null;
    }

    public static string? ValidatePassword(string? password) =>
        password is null || password.Length < MinimumPasswordLength || password.Length > MaximumPasswordLength
            ? $"Choose a password of {MinimumPasswordLength} to {MaximumPasswordLength} characters."
            : null;
}
