using System.Globalization;
using System.Text;

namespace Workteam.Testing.Faults;

/// <summary>What one fault did to the cycle it struck, once the app had recovered and caught up.</summary>
public sealed record FaultRow(
    Fault Fault,
    int Requests,
    int ServerErrors,
    int Throttled,
    int Unanswered,
    int UnexpectedStatuses,
    int ScimMismatches,
    int DirectoryMismatches,
    int LostEvents,
    int AppliedTwice,
    int Invitations,
    int InvitationsNotMailedOnce,
    int Digests,
    int DigestsSentTwice,
    int Disables,
    double? DeprovisioningP99Seconds,
    double? CaughtUpSeconds,
    string? RecoveryFailure,
    IReadOnlyList<string> Examples)
{
    public bool Passed =>
        UnexpectedStatuses + ScimMismatches + DirectoryMismatches + LostEvents + AppliedTwice + InvitationsNotMailedOnce + DigestsSentTwice == 0
        && RecoveryFailure is null && CaughtUpSeconds is not null;

    public string ToMarkdownRow() => string.Create(CultureInfo.InvariantCulture,
        $"| {Fault} | {Requests} | {ServerErrors} | {Throttled} | {Unanswered} | {UnexpectedStatuses} | {ScimMismatches} | {DirectoryMismatches} | {LostEvents} | {AppliedTwice} | {InvitationsNotMailedOnce} of {Invitations} | {DigestsSentTwice} of {Digests} | {Seconds(DeprovisioningP99Seconds)} ({Disables}) | {(RecoveryFailure is null ? Seconds(CaughtUpSeconds) : "not recovered")} |");

    private static string Seconds(double? seconds) => seconds is { } s ? s.ToString("F1", CultureInfo.InvariantCulture) : "—";
}

/// <summary>The fault matrix's table, one row per fault.</summary>
public sealed record FaultMatrixReport(string Description, IReadOnlyList<FaultRow> Rows)
{
    public bool Passed => Rows.All(r => r.Passed);

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.Append("## Workteam fault matrix: ").Append(Description).Append('\n').Append('\n');
        text.Append("| fault | requests | re-sent after 5xx | after 429 | after no answer | unexpected statuses | 2xx writes missing (ScimApi ≠ source) | Directory ≠ source | events lost | events applied twice | invitation mails ≠ 1 | digests sent twice | deprovisioning p99 s (disables) | recovery → caught up s |\n");
        text.Append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        foreach (var row in Rows)
        {
            text.Append(row.ToMarkdownRow()).Append('\n');
        }

        var examples = Rows.SelectMany(r => r.Examples.Select(e => $"{r.Fault}: {e}")).ToList();
        if (examples.Count > 0)
        {
            text.Append('\n').Append("What went wrong:").Append('\n').Append('\n');
            foreach (var example in examples)
            {
                text.Append("- ").Append(example.Replace("|", "\\|", StringComparison.Ordinal)).Append('\n');
            }
        }

        text.Append('\n').Append(Passed
            ? "Result: passed (nothing lost, nothing mismatched, nothing duplicated, every fault recovered)."
            : $"Result: FAILED ({Rows.Count(r => !r.Passed)} of {Rows.Count} faults).").Append('\n');
        return text.ToString();
    }
}
