using System.Diagnostics;
using Workteam.LoadTest.Load;

namespace Workteam.LoadTest.Cycles;

/// <summary>
/// Entra's initial cycle: every user matched by userName and created, then the manager references; every group
/// matched by displayName and created without members, then its members added in batches.
/// </summary>
internal static class InitialCycle
{
    public static async Task RunAsync(LoadTestRun run, CancellationToken cancellationToken)
    {
        var chains = run.Shaper.ChainsInParallel;
        var batch = run.Options.MemberBatchSize;
        var tenants = run.Tenants;
        run.UseDialectsOf(0);
        var started = Stopwatch.GetTimestamp();

        await run.PhaseAsync("initial: users", tenants.Sum(t => t.Source.Users.Count) * 2, (tenant, phase, token) =>
            Chains.RunAsync(tenant.Source.Users, chains, token, (user, t) => EntraRequests.MatchAndProvisionUserAsync(tenant, user, phase, t)),
            cancellationToken);

        await run.PhaseAsync("initial: managers", tenants.Sum(t => t.Source.Users.Count(u => u.Manager is not null)), (tenant, phase, token) =>
            Chains.RunAsync(tenant.Source.Users.Where(u => u.Manager is not null), chains, token,
                (user, t) => EntraRequests.SetManagerAsync(tenant, user, hadManager: false, phase, t)),
            cancellationToken);

        await run.PhaseAsync("initial: groups", tenants.Sum(t => t.Source.Groups.Count) * 2, (tenant, phase, token) =>
            Chains.RunAsync(tenant.Source.Groups, chains, token, (group, t) => EntraRequests.MatchAndProvisionGroupAsync(tenant, group, phase, t)),
            cancellationToken);

        await run.PhaseAsync("initial: group members",
            tenants.Sum(t => t.Source.Groups.Sum(g => EntraRequests.MemberRequests(g.Members.Count, batch))), (tenant, phase, token) =>
                Chains.RunAsync(tenant.Source.Groups, chains, token, (group, t) =>
                    EntraRequests.ChangeMembersAsync(tenant, group, add: true, group.Members.OrderBy(u => u.Number), batch, phase, t)),
            cancellationToken);

        await run.VerifyAsync("initial cycle", started, Stopwatch.GetTimestamp(), cancellationToken);
    }
}
