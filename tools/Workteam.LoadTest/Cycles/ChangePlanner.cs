using Workteam.LoadTest.Source;

namespace Workteam.LoadTest.Cycles;

/// <summary>
/// Changes a source directory as people join, leave, move and change names between two cycles, and returns the
/// changes. Disables and deletes of active users stay within the run's deprovisioning budget.
/// </summary>
internal static class ChangePlanner
{
    public static CyclePlan Plan(SourceDirectory directory, LoadTestOptions options, int cycle)
    {
        var rates = options.Changes;
        var random = directory.Random;
        var plan = new CyclePlan();
        var provisioned = directory.ExistingUsers.Where(u => u.ScimId is not null).ToList();
        var budget = options.DeprovisioningGuardOff
            ? int.MaxValue
            : (int)Math.Floor(rates.MaxDeprovisionedShare * options.Users) - directory.Deprovisioned.Count;

        foreach (var user in Sample(random, provisioned, rates.Deletes))
        {
            if (user.Active && !directory.Deprovisioned.Contains(user))
            {
                if (budget <= 0)
                {
                    continue;
                }

                budget--;
                directory.Deprovisioned.Add(user);
            }

            directory.Delete(user);
            plan.Deleted.Add(user);
        }

        var remaining = provisioned.Where(u => !u.Deleted).ToList();
        var disabledBefore = remaining.Where(u => !u.Active).ToList();
        foreach (var user in Sample(random, remaining.Where(u => u.Active).ToList(), rates.Disables))
        {
            if (!directory.Deprovisioned.Contains(user))
            {
                if (budget <= 0)
                {
                    break;
                }

                budget--;
                directory.Deprovisioned.Add(user);
            }

            user.Active = false;
            plan.Changed.Add(user);
            plan.Disabled++;
        }

        foreach (var user in Sample(random, disabledBefore, rates.Enables))
        {
            user.Active = true;
            plan.Changed.Add(user);
            plan.Enabled++;
        }

        foreach (var user in Sample(random, remaining, rates.Updates))
        {
            ChangeProfile(directory, plan, user, cycle);
        }

        AddJoiners(directory, plan, (int)Math.Round(rates.Joiners * remaining.Count), options.JoinerRole);
        ChangeMemberships(directory, plan, rates.MembershipChanges);
        return plan;
    }

    private static void ChangeProfile(SourceDirectory directory, CyclePlan plan, SourceUser user, int cycle)
    {
        var random = directory.Random;
        switch (random.Next(10))
        {
            case 0:
                user.Title = DirectoryGenerator.Pick(random, Names.Titles);
                user.Department = DirectoryGenerator.Pick(random, Names.Departments);
                break;
            case 1:
                user.Title = DirectoryGenerator.Pick(random, Names.Titles);
                break;
            case 2:
                user.MobilePhone = DirectoryGenerator.Phone(random);
                break;
            case 3:
                user.WorkPhone = DirectoryGenerator.Phone(random);
                break;
            case 4:
                var (city, country) = DirectoryGenerator.Pick(random, Names.Places);
                user.Address = new SourceAddress($"{random.Next(1, 400)} {DirectoryGenerator.Pick(random, Names.Streets)}", city, $"{random.Next(10000, 99999)}", country);
                break;
            case 5:
                user.FamilyName = DirectoryGenerator.Pick(random, Names.Family);
                user.DisplayName = $"{user.GivenName} {user.FamilyName}";
                break;
            case 6:
                user.PreferredLanguage = DirectoryGenerator.Pick(random, Names.Languages);
                break;
            case 7:
                // A new UPN and mail: Directory changes the member's sign-in email.
                user.UserName = user.WorkEmail = $"{user.ExternalId}.c{cycle}@{directory.Domain}";
                break;
            default:
                if (NewManager(directory, user) is { } manager)
                {
                    plan.ManagerChanges[user] = user.Manager is not null;
                    user.Manager = manager;
                }

                return;
        }

        plan.Changed.Add(user);
    }

    private static SourceUser? NewManager(SourceDirectory directory, SourceUser user)
    {
        var candidates = directory.ExistingUsers.Where(u => u != user && u != user.Manager && u.ScimId is not null && u.Number < user.Number).ToList();
        return candidates.Count == 0 ? null : DirectoryGenerator.Pick(directory.Random, candidates);
    }

    private static void AddJoiners(SourceDirectory directory, CyclePlan plan, int count, string? role)
    {
        for (var i = 0; i < count; i++)
        {
            var user = DirectoryGenerator.NewUser(directory, directory.Users.Count + 1);
            user.Role = role;
            user.Manager = NewManager(directory, user);
            directory.Users.Add(user);
            plan.Joiners.Add(user);
            if (user.Manager is not null)
            {
                plan.ManagerChanges[user] = false;
            }
        }
    }

    private static void ChangeMemberships(SourceDirectory directory, CyclePlan plan, double rate)
    {
        var random = directory.Random;
        var users = directory.ExistingUsers.ToList();
        foreach (var group in directory.Groups.Where(g => g.ScimId is not null))
        {
            var count = Math.Max(1, (int)Math.Round(rate * group.Members.Count));
            var removed = Sample(random, group.Members.Where(u => u.ScimId is not null).ToList(), count);
            var added = Sample(random, users.Where(u => !group.Members.Contains(u)).ToList(), count);
            group.Members.ExceptWith(removed);
            group.Members.UnionWith(added);
            plan.MembersRemoved[group] = removed;
            plan.MembersAdded[group] = added;
        }
    }

    private static List<SourceUser> Sample(Random random, List<SourceUser> users, double share) =>
        Sample(random, users, (int)Math.Round(share * users.Count));

    private static List<SourceUser> Sample(Random random, List<SourceUser> users, int count) =>
        users.OrderBy(u => u.Number).Select(u => (User: u, Key: random.Next())).OrderBy(p => p.Key).Take(count).Select(p => p.User).ToList();
}
