using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Npgsql;
using Workteam.LoadTest;
using Workteam.LoadTest.Load;

namespace Workteam.Testing.Faults;

/// <summary>
/// The fault matrix: an Entra-like initial sync, then one incremental cycle per fault, the fault striking while the
/// cycle runs. Every request Entra would retry (5xx, 429, no answer) is sent again until answered. Once the app has
/// recovered, what Entra was told is compared with what ScimApi and Directory hold, and the app's own records are
/// checked for lost or twice-applied events, invitation mails and failure digests.
/// </summary>
public static class FaultMatrix
{
    private const int ExamplesPerFault = 5;

    /// <summary>An app role value Workteam does not know: each new user's creation makes a provisioning failure, hence digests.</summary>
    private const string UnknownRole = "Contributor";

    public static async Task<FaultMatrixReport> RunAsync(
        DistributedApplication app, IReadOnlyList<Fault> faults, FaultMatrixSettings settings, TextWriter progress, CancellationToken cancellationToken)
    {
        var journal = new RequestJournal();
        await using var sync = await EntraSync.StartAsync(Workload(app, settings, journal), progress, cancellationToken);
        var records = new AppRecords(app, [.. sync.Organizations.Select(o => o.Id)], sync.Domains);
        var seen = new SeenProblems();
        var rows = new List<FaultRow>();
        var previousRequests = 0;
        foreach (var fault in faults)
        {
            Progress(progress, $"{fault}");
            var firstRequest = journal.Count;
            var sentBefore = journal.Started;
            var requestsDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var strikeAfter = Math.Max(5, previousRequests / 4);
            var injection = Task.Run(async () =>
            {
                if (fault.Moment == FaultMoment.WhileDirectoryCatchesUp)
                {
                    await requestsDone.Task.WaitAsync(cancellationToken);
                }

                // A cycle shorter than expected has the fault strike when its requests are done.
                while (journal.Started < sentBefore + strikeAfter && !requestsDone.Task.IsCompleted)
                {
                    await Task.Delay(20, cancellationToken); // polls the journal until enough of the cycle's requests started
                }

                return await FaultInjector.InjectAsync(app, fault, settings, cancellationToken);
            }, cancellationToken);
            var cycle = await sync.RunCycleAsync(() => requestsDone.TrySetResult(), cancellationToken);
            var times = await injection;
            var row = await CheckAsync(fault, cycle, times, journal.From(firstRequest), records, seen, settings, cancellationToken);
            rows.Add(row);
            Progress(progress, row.ToMarkdownRow());
            await FaultInjector.RestoreAsync(app, fault, settings, cancellationToken);
            previousRequests = cycle.Requests;
        }

        return new FaultMatrixReport(sync.Report().Description, rows);
    }

    private static LoadTestOptions Workload(DistributedApplication app, FaultMatrixSettings settings, RequestJournal journal) => new()
    {
        Gateway = app.GetEndpoint("gateway", "http"),
        Organizations = settings.Organizations,
        Users = settings.Users,
        Groups = settings.Groups,
        MembersPerGroup = settings.MembersPerGroup,
        Concurrency = settings.Concurrency,
        InvitationsEnabled = true,
        AlternateDialects = true,
        RetryUntilAnswered = true,
        Journal = journal,
        JoinerRole = UnknownRole,
        DeprovisioningGuardOff = true,
        Changes = new ChangeRates { Updates = 0.15, Disables = 0.05, Enables = 0.3, Deletes = 0.02, Joiners = 0.04, MembershipChanges = 0.1 },
        DirectoryTimeout = settings.CatchUpTimeout,
    };

    private static async Task<FaultRow> CheckAsync(
        Fault fault, CycleOutcome cycle, FaultTimes times, IReadOnlyList<JournaledRequest> requests, AppRecords records, SeenProblems seen,
        FaultMatrixSettings settings, CancellationToken cancellationToken)
    {
        var settled = await SettledAsync(records, cycle.RequestsDoneAt + settings.CatchUpTimeout, cancellationToken);
        var lost = seen.New(seen.LostEvents, settled.Lost);
        var twice = seen.New(seen.AppliedTwice, settled.AppliedTwice);
        var notMailedOnce = seen.New(seen.Invitations, settled.Invitations.Where(i => i.Value.Mails != i.Value.Invitations).Select(i => i.Key));
        var invitations = settled.Invitations.Values.Sum(i => i.Invitations);
        var digestsTwice = settled.Digests.Twice;
        var row = new FaultRow(
            fault,
            requests.Count,
            requests.Sum(r => r.ServerErrors),
            requests.Sum(r => r.Throttled),
            requests.Sum(r => r.Unanswered),
            cycle.UnexpectedStatuses,
            cycle.ScimMismatches,
            cycle.DirectoryMismatches,
            lost.Count,
            twice.Count,
            invitations - seen.InvitationCount,
            notMailedOnce.Count,
            settled.Digests.Sent - seen.DigestCount,
            digestsTwice - seen.DigestsTwice,
            requests.Count(r => r.DisabledUser is not null),
            await DeprovisioningP99Async(records, requests, cancellationToken),
            CaughtUpSeconds(cycle, times),
            times.Failure,
            [
                .. cycle.Examples.Take(ExamplesPerFault),
                .. lost.Take(ExamplesPerFault).Select(id => $"event {id} sent by ScimApi was not applied by Directory"),
                .. twice.Take(ExamplesPerFault).Select(id => $"Directory applied message {id}, which ScimApi's outbox never sent"),
                .. seen.New(seen.LostByMailServer, records.AcceptedButNotInMailbox).Take(ExamplesPerFault).Select(email =>
                    $"{email}: the SMTP server accepted the invitation (Notifier's record), its mailbox does not hold it"),
                .. notMailedOnce.Take(ExamplesPerFault).Select(email =>
                    $"{email}: {settled.Invitations[email].Invitations} invitations, {settled.Invitations[email].Mails} invitation mails"),
            ]);
        (seen.InvitationCount, seen.DigestCount, seen.DigestsTwice) = (invitations, settled.Digests.Sent, digestsTwice);
        return row;
    }

    /// <summary>
    /// Waits until Directory has applied every event ScimApi sent, every invitation is mailed and every digest sent,
    /// or the deadline passed; answers what the records say then.
    /// </summary>
    private static async Task<Settled> SettledAsync(AppRecords records, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        while (true)
        {
            Settled? settled = null;
            try
            {
                var (lost, twice) = await records.EventsAsync(cancellationToken);
                settled = new Settled(lost, twice, await records.InvitationsAsync(cancellationToken), await records.DigestsAsync(cancellationToken));
            }
            catch (Exception exception) when (exception is NpgsqlException or HttpRequestException && DateTimeOffset.UtcNow < deadline)
            {
                // A server restarted by the last fault may still refuse a first connection.
            }

            if (settled is not null && (settled.IsComplete || DateTimeOffset.UtcNow > deadline))
            {
                return settled;
            }

            await Task.Delay(500, cancellationToken); // polls the records until they settle or the deadline passes
        }
    }

    /// <summary>
    /// From the first sending of each PATCH that disabled a user to Directory's record of applying it (its
    /// provisioning activity row, committed with the revocation of the member's sessions), for the cycle's disables.
    /// </summary>
    private static async Task<double?> DeprovisioningP99Async(AppRecords records, IReadOnlyList<JournaledRequest> requests, CancellationToken cancellationToken)
    {
        var disables = requests.Where(r => r.DisabledUser is not null && r.Status == 200).ToList();
        var applied = (await records.DeactivationsAsync([.. disables.Select(r => r.DisabledUser!)], cancellationToken))
            .ToLookup(d => d.ScimId, d => d.AppliedAt, StringComparer.OrdinalIgnoreCase);
        var latencies = disables
            .Select(r => applied[r.DisabledUser!].Where(at => at >= r.FirstSentAt).Order().Cast<DateTimeOffset?>().FirstOrDefault() - r.FirstSentAt)
            .OfType<TimeSpan>()
            .Select(t => t.TotalSeconds)
            .Order()
            .ToArray();
        return latencies.Length == 0 ? null : latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(0.99 * latencies.Length) - 1)];
    }

    /// <summary>Seconds from when the resource was back, or the cycle's last answer if later, until Directory equalled the source.</summary>
    private static double? CaughtUpSeconds(CycleOutcome cycle, FaultTimes times)
    {
        if (cycle.DirectoryCaughtUpAfterRequests is not { } caughtUp)
        {
            return null;
        }

        var from = times.RecoveredAt > cycle.RequestsDoneAt ? times.RecoveredAt : cycle.RequestsDoneAt;
        return Math.Max(0, (cycle.RequestsDoneAt + caughtUp - from).TotalSeconds);
    }

    private static void Progress(TextWriter progress, string line)
    {
        lock (progress)
        {
            progress.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{DateTime.Now:HH:mm:ss}] {line}"));
        }
    }

    private sealed record Settled(
        HashSet<Guid> Lost, HashSet<Guid> AppliedTwice, Dictionary<string, (int Invitations, int Mails)> Invitations, (int Sent, int Unsent, int Mails, int Twice) Digests)
    {
        public bool IsComplete =>
            Lost.Count == 0 && Invitations.Values.All(i => i.Mails >= i.Invitations) && Digests.Unsent == 0 && Digests.Mails >= Digests.Sent;
    }

    /// <summary>The problems earlier rows reported, so that each row counts only the new ones.</summary>
    private sealed class SeenProblems
    {
        public HashSet<Guid> LostEvents { get; } = [];

        public HashSet<Guid> AppliedTwice { get; } = [];

        public HashSet<string> Invitations { get; } = [];

        public HashSet<string> LostByMailServer { get; } = [];

        public int InvitationCount { get; set; }

        public int DigestCount { get; set; }

        public int DigestsTwice { get; set; }

        public List<T> New<T>(HashSet<T> reported, IEnumerable<T> found) => [.. found.Where(reported.Add)];
    }
}
