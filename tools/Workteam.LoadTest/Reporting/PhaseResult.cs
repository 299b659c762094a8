namespace Workteam.LoadTest.Reporting;

/// <summary>A response whose status was not the one Entra expects.</summary>
public sealed record UnexpectedResponse(string Method, string Path, string Expected, int Actual, string BodyExcerpt)
{
    public override string ToString() => $"{Method} {Path}: expected {Expected}, got {(Actual == 0 ? "no response" : Actual)}: {BodyExcerpt}";
}

/// <summary>The requests of one phase, across all organizations.</summary>
public sealed record PhaseResult(
    string Name,
    int Requests,
    double Seconds,
    double P50Milliseconds,
    double P99Milliseconds,
    int Unexpected,
    int Throttled,
    IReadOnlyList<UnexpectedResponse> Examples)
{
    public double RequestsPerSecond => Seconds > 0 ? Requests / Seconds : 0;
}

/// <summary>One comparison of Workteam's state with the source directories.</summary>
public sealed record CheckResult(string Name, int Mismatches, IReadOnlyList<string> Examples, TimeSpan Elapsed)
{
    public bool Passed => Mismatches == 0;
}
