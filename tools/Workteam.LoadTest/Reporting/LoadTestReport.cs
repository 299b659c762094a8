using System.Globalization;
using System.Text;

namespace Workteam.LoadTest.Reporting;

/// <summary>A duration worth reporting, such as the initial sync end to end including Directory.</summary>
public sealed record Timing(string Name, TimeSpan Duration);

/// <summary>Everything a run measured and found.</summary>
public sealed record LoadTestReport(
    string Description,
    IReadOnlyList<PhaseResult> Phases,
    IReadOnlyList<CheckResult> Checks,
    IReadOnlyList<Timing> Timings,
    IReadOnlyList<string> Notes,
    IReadOnlyList<ProvisionedOrganization> Organizations)
{
    public int UnexpectedStatuses => Phases.Sum(p => p.Unexpected);

    public int Mismatches => Checks.Sum(c => c.Mismatches);

    public bool Passed => UnexpectedStatuses == 0 && Mismatches == 0;

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        Line(text, $"## Workteam load test: {Description}");
        Line(text);
        Line(text, "| phase | requests | seconds | requests/s | p50 ms | p99 ms | unexpected | throttled (429, retried) |");
        Line(text, "|---|---|---|---|---|---|---|---|");
        foreach (var phase in Phases)
        {
            Line(text, Invariant($"| {phase.Name} | {phase.Requests} | {phase.Seconds:F1} | {phase.RequestsPerSecond:F0} | {phase.P50Milliseconds:F1} | {phase.P99Milliseconds:F1} | {phase.Unexpected} | {phase.Throttled} |"));
        }

        Line(text);
        Line(text, "| check | mismatches | seconds |");
        Line(text, "|---|---|---|");
        foreach (var check in Checks)
        {
            Line(text, Invariant($"| {check.Name} | {check.Mismatches} | {check.Elapsed.TotalSeconds:F1} |"));
        }

        Line(text);
        Line(text, "| timing | seconds |");
        Line(text, "|---|---|");
        foreach (var timing in Timings)
        {
            Line(text, Invariant($"| {timing.Name} | {timing.Duration.TotalSeconds:F1} |"));
        }

        if (Notes.Count > 0)
        {
            Line(text);
            foreach (var note in Notes)
            {
                Line(text, $"- {note}");
            }
        }

        var examples = Phases.SelectMany(p => p.Examples.Select(e => $"{p.Name}: {e}"))
            .Concat(Checks.SelectMany(c => c.Examples.Select(e => $"{c.Name}: {e}")))
            .ToList();
        if (examples.Count > 0)
        {
            Line(text);
            Line(text, "Examples of what went wrong:");
            Line(text);
            foreach (var example in examples)
            {
                Line(text, $"- {example.Replace("|", "\\|", StringComparison.Ordinal)}");
            }
        }

        Line(text);
        Line(text, Passed
            ? "Result: passed (every status as Entra expects, ScimApi and Directory equal to the source)."
            : $"Result: FAILED ({UnexpectedStatuses} unexpected statuses, {Mismatches} mismatches).");
        return text.ToString();
    }

    private static void Line(StringBuilder text, string line = "") => text.Append(line).Append('\n');

    private static string Invariant(FormattableString line) => line.ToString(CultureInfo.InvariantCulture);
}
