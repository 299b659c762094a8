using System.Globalization;
using System.Net;
using Workteam.Contracts;
using Workteam.Directory.Data;
using Workteam.Directory.Provisioning;

namespace Workteam.Directory.Invitations;

/// <summary>The email that invites a provisioned member to set a password.</summary>
public sealed class InvitationEmail(PublicUrls urls)
{
    public static string Subject(string organizationName) => $"Join {organizationName} on Workteam";

    public SendEmail Compose(Invitation invitation, string code, string organizationName)
    {
        var link = urls.InvitationUrl(code);
        var expires = invitation.ExpiresAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        var text = $"""
            Hello,

            {organizationName} has added you to Workteam. Choose a password to sign in:

            {link}

            The link works once and until {expires}. If you did not expect this email, you can ignore it.
            """;
        var html = $"""
            <p>Hello,</p>
            <p>{WebUtility.HtmlEncode(organizationName)} has added you to Workteam.</p>
            <p><a href="{WebUtility.HtmlEncode(link)}">Choose a password to sign in</a></p>
            <p>The link works once and until {expires}. If you did not expect this email, you can ignore it.</p>
            """;
        return new SendEmail(invitation.Id, invitation.Email, Subject(organizationName), text, html);
    }
}
