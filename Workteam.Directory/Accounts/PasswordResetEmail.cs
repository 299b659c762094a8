using System.Globalization;
using System.Net;
using Workteam.Contracts;
using Workteam.Directory.Data;
using Workteam.Directory.Provisioning;

namespace Workteam.Directory.Accounts;

/// <summary>The email with a link to choose a new password.</summary>
public sealed class PasswordResetEmail(PublicUrls urls)
{
    public static string Subject(string organizationName) => $"Reset your Workteam password for {organizationName}";

    public SendEmail Compose(PasswordReset reset, string email, string code, string organizationName)
    {
        var link = urls.PasswordResetUrl(code);
        var expires = reset.ExpiresAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        var text = $"""
            Hello,

            Someone asked to reset the password of your Workteam account in {organizationName}. Choose a new password here:

            {link}

            The link works once and until {expires}. Choosing a new password signs you out everywhere.
            If you did not ask for this, you can ignore this email: your password stays as it is.
            """;
        var html = $"""
            <p>Hello,</p>
            <p>Someone asked to reset the password of your Workteam account in {WebUtility.HtmlEncode(organizationName)}.</p>
            <p><a href="{WebUtility.HtmlEncode(link)}">Choose a new password</a></p>
            <p>The link works once and until {expires}. Choosing a new password signs you out everywhere.
            If you did not ask for this, you can ignore this email: your password stays as it is.</p>
            """;
        return new SendEmail(reset.Id, email, Subject(organizationName), text, html);
    }
}
