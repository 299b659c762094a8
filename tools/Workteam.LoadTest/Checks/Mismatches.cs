namespace Workteam.LoadTest.Checks;

/// <summary>Differences found between Workteam's state and the source directory, with where they were found.</summary>
internal sealed class Mismatches(string where)
{
    public List<string> All { get; } = [];

    public void Add(string message) => All.Add($"{where}: {message}");

    public void Expect(string subject, string attribute, string? expected, string? actual, StringComparison comparison = StringComparison.Ordinal)
    {
        if (!string.Equals(expected, actual, comparison))
        {
            Add($"{subject}: {attribute} is {Show(actual)}, the source has {Show(expected)}");
        }
    }

    /// <summary>Reports members missing from <paramref name="actual"/> and members it has that the source has not, a few of each.</summary>
    public void ExpectMembers(string subject, IReadOnlySet<string> expected, IReadOnlySet<string> actual, Func<string, string> describe)
    {
        const int Shown = 3;
        foreach (var missing in expected.Where(id => !actual.Contains(id)).Take(Shown))
        {
            Add($"{subject}: member {describe(missing)} is missing");
        }

        foreach (var extra in actual.Where(id => !expected.Contains(id)).Take(Shown))
        {
            Add($"{subject}: member {describe(extra)} is not a member in the source");
        }
    }

    private static string Show(string? value) => value is null ? "absent" : $"'{value}'";
}
