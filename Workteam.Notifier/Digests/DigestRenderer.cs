using System.Globalization;
using System.Net;
using System.Text;
using Workteam.Notifier.Data;

namespace Workteam.Notifier.Digests;

public sealed record DigestEmail(string Subject, string TextBody, string HtmlBody);

/// <summary>Writes a digest as an email: a plain-text list and an HTML table of the failures, oldest first.</summary>
public static class DigestRenderer
{
    /// <summary>
    /// Renders a digest covering <paramref name="total"/> failures (all of <paramref name="listed"/> when null), of
    /// which <paramref name="listed"/> are listed; the rest are counted.
    /// </summary>
    public static DigestEmail Render(string organizationName, IReadOnlyCollection<ReceivedFailure> listed, int? total = null)
    {
        var ordered = listed.OrderBy(f => f.OccurredAt).ThenBy(f => f.MessageId).ToList();
        var count = Math.Max(total ?? ordered.Count, ordered.Count);
        var noun = count == 1 ? "provisioning failure" : "provisioning failures";
        var subject = $"Workteam: {Number(count)} {noun} for {organizationName}";
        var intro = count == 1
            ? $"Workteam could not apply 1 provisioning request or event for {organizationName}."
            : $"Workteam could not apply {Number(count)} provisioning requests or events for {organizationName}.";
        var more = count > ordered.Count ? $"... and {Number(count - ordered.Count)} more, not listed here." : null;
        const string Footer = "You receive this email because this address is the failure notification email in the organization's "
            + "SCIM provisioning settings. Failures are collected into one email at a time; check the provisioning logs in "
            + "Microsoft Entra ID for the requests Entra will retry.";

        return new DigestEmail(subject, Text(intro, ordered, more, Footer), Html(intro, ordered, more, Footer));
    }

    public static string FormatTime(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    private static string Number(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Text(string intro, List<ReceivedFailure> failures, string? more, string footer)
    {
        var text = new StringBuilder().AppendLine(intro).AppendLine();
        foreach (var failure in failures)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{FormatTime(failure.OccurredAt)}  {failure.Operation}")
                .AppendLine(CultureInfo.InvariantCulture, $"  User or group: {failure.Subject ?? "-"}")
                .AppendLine(CultureInfo.InvariantCulture, $"  Status: {failure.Status}")
                .AppendLine(CultureInfo.InvariantCulture, $"  Reason: {failure.Reason}")
                .AppendLine();
        }

        if (more is not null)
        {
            text.AppendLine(more).AppendLine();
        }

        return text.AppendLine("--").AppendLine(footer).ToString();
    }

    private static string Html(string intro, List<ReceivedFailure> failures, string? more, string footer)
    {
        static string E(string? value) => WebUtility.HtmlEncode(value ?? "-");
        const string Cell = "style=\"border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top\"";

        var html = new StringBuilder()
            .Append("<!DOCTYPE html><html><body style=\"font-family:sans-serif\">")
            .Append(CultureInfo.InvariantCulture, $"<p>{E(intro)}</p>")
            .Append("<table style=\"border-collapse:collapse\"><thead><tr>")
            .Append(CultureInfo.InvariantCulture, $"<th {Cell}>Time</th><th {Cell}>Operation</th><th {Cell}>User or group</th><th {Cell}>Status</th><th {Cell}>Reason</th>")
            .Append("</tr></thead><tbody>");
        foreach (var failure in failures)
        {
            html.Append("<tr>")
                .Append(CultureInfo.InvariantCulture, $"<td {Cell}>{E(FormatTime(failure.OccurredAt))}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td {Cell}>{E(failure.Operation)}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td {Cell}>{E(failure.Subject)}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td {Cell}>{failure.Status}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td {Cell}>{E(failure.Reason)}</td>")
                .Append("</tr>");
        }

        html.Append("</tbody></table>");
        if (more is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p>{E(more)}</p>");
        }

        return html.Append(CultureInfo.InvariantCulture, $"<p style=\"color:#666;font-size:smaller\">{E(footer)}</p></body></html>").ToString();
    }
}
