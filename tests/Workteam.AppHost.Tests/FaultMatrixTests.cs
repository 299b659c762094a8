using Workteam.Testing.Faults;

namespace Workteam.AppHost.Tests;

/// <summary>
/// The short fault matrix (the full one is the benchmark's <c>faults</c> command, on the same code): in an app with
/// two replicas of each service, during an Entra-like sync of one organization, PostgreSQL is killed (the postmaster
/// and all its backends at once) and restarted while Entra writes, RabbitMQ frozen for 10 s while Directory catches up, and a ScimApi replica killed for good
/// while Entra writes. After each, nothing Entra was told succeeded is missing, Directory equals the source, no
/// event is lost or applied twice, every invitation is mailed once and no digest twice.
/// </summary>
[Collection(AppHostCollection.Name)]
public sealed class FaultMatrixTests
{
    [Fact]
    public async Task A_killed_database_a_frozen_broker_and_a_killed_replica_lose_nothing_and_duplicate_nothing()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var host = await RunningAppHost.StartAsync(
            RunningAppHost.NewDataPath(), cancellationToken, TimeSpan.FromMinutes(8), FaultMatrixSettings.AppSettings(replicas: 2));
        using var progress = new StringWriter();

        var report = await FaultMatrix.RunAsync(host.App, FaultPlan.Short, FaultMatrixSettings.Short, TextWriter.Synchronized(progress), cancellationToken);

        var markdown = report.ToMarkdown();
        TestContext.Current.TestOutputHelper?.WriteLine(markdown);
        Assert.Equal(FaultPlan.Short.Count, report.Rows.Count);
        Assert.All(report.Rows, row => Assert.True(row.Passed, $"{row.Fault} failed:\n{markdown}\n{progress}"));
        // The checks had something to check: requests were re-sent, members invited and disabled, failures digested.
        Assert.True(report.Rows.Sum(r => r.ServerErrors + r.Unanswered) > 0, markdown);
        Assert.True(report.Rows.Sum(r => r.Invitations) > 0, markdown);
        Assert.True(report.Rows.Sum(r => r.Digests) > 0, markdown);
        Assert.True(report.Rows.All(r => r.Disables > 0), markdown);
    }
}
