using System.Diagnostics;
using Workteam.LoadTest.Load;

namespace Workteam.LoadTest.Cycles;

/// <summary>
/// One incremental cycle: the source directories change, then Entra provisions the changes: users first (updates,
/// disables, enables, deletes, joiners), then manager references, then group memberships.
/// </summary>
internal static class IncrementalCycle
{
    public static async Task RunAsync(LoadTestRun run, int cycle, CancellationToken cancellationToken)
    {
        var name = $"cycle {cycle}";
        var chains = run.Shaper.ChainsInParallel;
        var batch = run.Options.MemberBatchSize;
        run.UseDialectsOf(cycle);
        var plans = run.Tenants.ToDictionary(t => t, t => ChangePlanner.Plan(t.Source, run.Options, cycle));
        var all = plans.Values.ToList();
        run.Note($"{name}: {Describe(all)}");
        var started = Stopwatch.GetTimestamp();

        await run.PhaseAsync($"{name}: users",
            all.Sum(p => p.Changed.Count * 2 + p.Deleted.Count + p.Joiners.Count * 2), (tenant, phase, token) =>
            {
                var plan = plans[tenant];
                var work = plan.Changed.Select(u => (Func<CancellationToken, Task>)(t => EntraRequests.UpdateUserAsync(tenant, u, phase, t)))
                    .Concat(plan.Deleted.Select(u => (Func<CancellationToken, Task>)(t => EntraRequests.DeleteUserAsync(tenant, u, phase, t))))
                    .Concat(plan.Joiners.Select(u => (Func<CancellationToken, Task>)(t => EntraRequests.MatchAndProvisionUserAsync(tenant, u, phase, t))));
                return Chains.RunAsync(work, chains, token, (request, t) => request(t));
            },
            cancellationToken);

        await run.PhaseAsync($"{name}: managers", all.Sum(p => p.ManagerChanges.Count(c => c.Value) * 2 + p.ManagerChanges.Count(c => !c.Value)),
            (tenant, phase, token) => Chains.RunAsync(plans[tenant].ManagerChanges, chains, token,
                (change, t) => EntraRequests.SetManagerAsync(tenant, change.Key, change.Value, phase, t)),
            cancellationToken);

        await run.PhaseAsync($"{name}: group members",
            all.Sum(p => p.MembersAdded.Values.Sum(m => EntraRequests.MemberRequests(m.Count, batch)) + p.MembersRemoved.Values.Sum(m => EntraRequests.MemberRequests(m.Count, batch))),
            (tenant, phase, token) => Chains.RunAsync(tenant.Source.Groups, chains, token, async (group, t) =>
            {
                var plan = plans[tenant];
                await EntraRequests.ChangeMembersAsync(tenant, group, add: false, plan.MembersRemoved.GetValueOrDefault(group, []), batch, phase, t);
                await EntraRequests.ChangeMembersAsync(tenant, group, add: true, plan.MembersAdded.GetValueOrDefault(group, []), batch, phase, t);
            }),
            cancellationToken);

        await run.VerifyAsync(name, started, Stopwatch.GetTimestamp(), cancellationToken);
    }

    private static string Describe(IReadOnlyList<CyclePlan> plans) =>
        $"{plans.Sum(p => p.Changed.Count)} users changed ({plans.Sum(p => p.Disabled)} disabled, {plans.Sum(p => p.Enabled)} enabled), "
        + $"{plans.Sum(p => p.Deleted.Count)} deleted, {plans.Sum(p => p.Joiners.Count)} joined, {plans.Sum(p => p.ManagerChanges.Count)} new managers, "
        + $"{plans.Sum(p => p.MembersAdded.Values.Sum(m => m.Count))} memberships added, {plans.Sum(p => p.MembersRemoved.Values.Sum(m => m.Count))} removed";
}
