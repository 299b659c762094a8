using Workteam.Notifier.Data;
using Workteam.Notifier.Digests;

namespace Workteam.Notifier.Tests;

public sealed class DigestRendererTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    private static ReceivedFailure Failure(int minute, string operation, string? subject, int status, string reason) => new()
    {
        MessageId = Guid.NewGuid(),
        OrganizationId = Guid.Empty,
        OccurredAt = Start.AddMinutes(minute),
        Operation = operation,
        Subject = subject,
        Status = status,
        Reason = reason,
        ReceivedAt = Start,
    };

    [Fact]
    public void Subject_counts_the_failures_and_names_the_organization()
    {
        Assert.Equal("Workteam: 1 provisioning failure for Contoso",
            DigestRenderer.Render("Contoso", [Failure(0, "POST /Users", "a@contoso.test", 409, "taken")]).Subject);
        Assert.Equal("Workteam: 2 provisioning failures for Contoso",
            DigestRenderer.Render("Contoso", [Failure(0, "POST /Users", null, 400, "x"), Failure(1, "DELETE /Groups/1", null, 500, "y")]).Subject);
    }

    [Fact]
    public void Text_lists_each_failure_oldest_first_with_time_operation_subject_status_and_reason()
    {
        var email = DigestRenderer.Render("Contoso",
        [
            Failure(5, "PATCH /Users/42", "42", 400, "Unknown operation 'jump'."),
            Failure(1, "POST /Users", "alice@contoso.test", 409, "userName 'alice@contoso.test' is already taken."),
        ]);

        var first = email.TextBody.IndexOf("2026-11-29 12:01:00 UTC  POST /Users", StringComparison.Ordinal);
        var second = email.TextBody.IndexOf("2026-11-29 12:05:00 UTC  PATCH /Users/42", StringComparison.Ordinal);
        Assert.True(first >= 0 && second > first, email.TextBody);
        Assert.Contains("User or group: alice@contoso.test", email.TextBody);
        Assert.Contains("Status: 409", email.TextBody);
        Assert.Contains("Reason: userName 'alice@contoso.test' is already taken.", email.TextBody);
        Assert.Contains("Reason: Unknown operation 'jump'.", email.TextBody);
    }

    [Fact]
    public void Html_is_a_table_with_every_value_encoded()
    {
        var email = DigestRenderer.Render("<Contoso & Co>", [Failure(0, "POST /Groups", "<script>alert(1)</script>", 400, "a \"b\" & c")]);

        Assert.Contains("<table", email.HtmlBody);
        Assert.Contains("<th", email.HtmlBody);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", email.HtmlBody);
        Assert.Contains("a &quot;b&quot; &amp; c", email.HtmlBody);
        Assert.Contains("&lt;Contoso &amp; Co&gt;", email.HtmlBody);
        Assert.DoesNotContain("<script>", email.HtmlBody);
        Assert.Contains("<td style=\"border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top\">400</td>", email.HtmlBody);
    }

    [Fact]
    public void A_missing_subject_shows_as_a_dash()
    {
        var email = DigestRenderer.Render("Contoso", [Failure(0, "GET /Users", null, 400, "bad filter")]);

        Assert.Contains("User or group: -", email.TextBody);
    }

    [Fact]
    public void A_digest_covering_more_failures_than_it_lists_counts_the_rest()
    {
        var listed = Enumerable.Range(0, 3).Select(i => Failure(i, $"POST /Users #{i}", null, 409, "taken")).ToList();

        var email = DigestRenderer.Render("Contoso", listed, total: 1237);

        Assert.Equal("Workteam: 1,237 provisioning failures for Contoso", email.Subject);
        Assert.Contains("Workteam could not apply 1,237 provisioning requests or events for Contoso.", email.TextBody);
        Assert.Contains("POST /Users #2\n", email.TextBody.ReplaceLineEndings("\n"));
        Assert.Contains("... and 1,234 more, not listed here.", email.TextBody);
        Assert.Contains("... and 1,234 more, not listed here.", email.HtmlBody);
    }

    [Fact]
    public void A_digest_listing_all_its_failures_counts_nothing_more()
    {
        var email = DigestRenderer.Render("Contoso", [Failure(0, "POST /Users", null, 409, "taken")], total: 1);

        Assert.DoesNotContain("more, not listed here", email.TextBody);
        Assert.DoesNotContain("more, not listed here", email.HtmlBody);
    }
}
