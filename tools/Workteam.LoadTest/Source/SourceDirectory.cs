namespace Workteam.LoadTest.Source;

/// <summary>One organization's users and groups as Entra sees them; cycles change it, then provision the change.</summary>
public sealed class SourceDirectory(int organizationNumber, string domain, Random random)
{
    public int OrganizationNumber { get; } = organizationNumber;

    /// <summary>The email and UPN domain: unique per organization and run, since emails are unique across Workteam.</summary>
    public string Domain { get; } = domain;

    /// <summary>Drives every choice about this directory, so that a seed gives the same directory and changes.</summary>
    public Random Random { get; } = random;

    public List<SourceUser> Users { get; } = [];

    public List<SourceGroup> Groups { get; } = [];

    /// <summary>Users disabled or deleted while active during this run, counted against the deprovisioning budget.</summary>
    public HashSet<SourceUser> Deprovisioned { get; } = [];

    public IEnumerable<SourceUser> ExistingUsers => Users.Where(u => !u.Deleted);

    /// <summary>A SCIM user id with the source user's name, for messages.</summary>
    public string Describe(string scimId) =>
        Users.FirstOrDefault(u => string.Equals(u.ScimId, scimId, StringComparison.OrdinalIgnoreCase)) is { } user
            ? $"{user}{(user.Deleted ? " (deleted)" : "")}"
            : $"{scimId} (not in the source)";

    /// <summary>Deletes the user as Entra's hard delete does: it leaves its groups and its reports lose their manager.</summary>
    public void Delete(SourceUser user)
    {
        user.Deleted = true;
        foreach (var group in Groups)
        {
            group.Members.Remove(user);
        }

        foreach (var report in Users.Where(u => u.Manager == user))
        {
            report.Manager = null;
        }
    }
}
