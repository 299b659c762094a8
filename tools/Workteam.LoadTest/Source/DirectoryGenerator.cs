namespace Workteam.LoadTest.Source;

/// <summary>Generates an organization's source directory from the seed: users, a manager hierarchy, groups and memberships.</summary>
public static class DirectoryGenerator
{
    public static SourceDirectory Generate(LoadTestOptions options, string runTag, int organizationNumber)
    {
        var random = new Random(unchecked(options.Seed * 7919 + organizationNumber));
        var directory = new SourceDirectory(organizationNumber, $"org{organizationNumber}-{runTag}.example.test", random);
        for (var number = 1; number <= options.Users; number++)
        {
            var user = NewUser(directory, number);
            // A tree: the first user leads, everyone else reports to an earlier user.
            user.Manager = number == 1 ? null : directory.Users[(number - 2) / Math.Max(1, options.ReportsPerManager)];
            directory.Users.Add(user);
        }

        var membersPerGroup = Math.Min(options.MembersPerGroup, directory.Users.Count);
        for (var number = 1; number <= options.Groups; number++)
        {
            var group = new SourceGroup
            {
                Number = number,
                DisplayName = $"{Names.Teams[(number - 1) % Names.Teams.Length]} {number}",
                ExternalId = NewGuid(random).ToString(),
            };
            foreach (var member in directory.Users.OrderBy(_ => random.Next()).Take(membersPerGroup))
            {
                group.Members.Add(member);
            }

            directory.Groups.Add(group);
        }

        return directory;
    }

    /// <summary>A new active user with the attributes Entra's default mappings send; some optional ones left out.</summary>
    public static SourceUser NewUser(SourceDirectory directory, int number)
    {
        var random = directory.Random;
        var given = Pick(random, Names.Given);
        var family = Pick(random, Names.Family);
        var nickname = $"{Names.Ascii(given)}.{Names.Ascii(family)}.{number}";
        var email = $"{nickname}@{directory.Domain}";
        var (city, country) = Pick(random, Names.Places);
        return new SourceUser
        {
            Number = number,
            UserName = email,
            ExternalId = nickname,
            GivenName = given,
            FamilyName = family,
            DisplayName = $"{given} {family}",
            WorkEmail = email,
            Title = random.NextDouble() < 0.8 ? Pick(random, Names.Titles) : null,
            Department = Pick(random, Names.Departments),
            EmployeeNumber = $"E{100000 + number}",
            WorkPhone = Phone(random),
            MobilePhone = random.NextDouble() < 0.7 ? Phone(random) : null,
            Address = new SourceAddress($"{random.Next(1, 400)} {Pick(random, Names.Streets)}", city, $"{random.Next(10000, 99999)}", country),
            PreferredLanguage = random.NextDouble() < 0.6 ? Pick(random, Names.Languages) : null,
        };
    }

    public static string Phone(Random random) => $"+1 425 555 {random.Next(0, 10000):D4}";

    public static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    public static Guid NewGuid(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }
}
