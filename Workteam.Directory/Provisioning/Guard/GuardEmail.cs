using System.Net;
using Workteam.Contracts;

namespace Workteam.Directory.Provisioning.Guard;

/// <summary>The email that tells an organization's admins the mass-deprovisioning guard is holding actions.</summary>
public sealed class GuardEmail(PublicUrls urls)
{
    public static string Subject(string organizationName) => $"Workteam is holding deprovisionings for {organizationName}";

    public SendEmail Compose(Guid messageId, string to, string organizationName, int deprovisionings, TimeSpan window)
    {
        var link = urls.HeldDeprovisioningsUrl();
        var text = $"""
            Hello,

            Microsoft Entra ID asked Workteam to deactivate or delete {deprovisionings} members of {organizationName} within {window}.
            That is more than usual, so Workteam is holding these and any further deactivations and deletions.

            These people still have access to Workteam until you apply the action. Review the held actions and apply or discard them:

            {link}
            """;
        var html = $"""
            <p>Hello,</p>
            <p>Microsoft Entra ID asked Workteam to deactivate or delete {deprovisionings} members of {WebUtility.HtmlEncode(organizationName)} within {window}.
            That is more than usual, so Workteam is holding these and any further deactivations and deletions.</p>
            <p><strong>These people still have access to Workteam until you apply the action.</strong></p>
            <p><a href="{WebUtility.HtmlEncode(link)}">Review the held actions</a></p>
            """;
        return new SendEmail(messageId, to, Subject(organizationName), text, html);
    }
}
