using Aspire.Hosting.Testing;
using Workteam.LoadTest;

namespace Workteam.AppHost.Tests;

/// <summary>
/// The load tool, run in-process as Entra's provisioning service would run against Workteam: two organizations
/// provisioned at once, an initial cycle and one incremental cycle in the aadOptscim062020 dialect, after which
/// ScimApi and Directory must equal the source directories.
/// </summary>
[Collection(SharedAppHostCollection.Name)]
public sealed class EntraLoadTests(SharedAppHost shared)
{
    [Fact]
    public async Task An_initial_and_an_incremental_cycle_get_the_statuses_Entra_expects_and_leave_ScimApi_and_Directory_equal_to_the_source()
    {
        var options = new LoadTestOptions
        {
            Gateway = shared.Host.App.GetEndpoint("gateway", "http"),
            Organizations = 2,
            Users = 100,
            Groups = 5,
            MembersPerGroup = 20,
            IncrementalCycles = 1,
            Dialect = PatchDialect.AadOptscim062020,
            Mode = LoadMode.Closed,
            Concurrency = 8,
            DirectoryTimeout = TimeSpan.FromSeconds(30),
        };
        using var progress = new StringWriter();

        var report = await LoadTestRunner.RunAsync(options, TextWriter.Synchronized(progress), TestContext.Current.CancellationToken);

        var markdown = report.ToMarkdown();
        TestContext.Current.TestOutputHelper?.WriteLine(markdown);
        Assert.True(report.UnexpectedStatuses == 0, $"Unexpected statuses:\n{markdown}\n{progress}");
        Assert.True(report.Mismatches == 0, $"Mismatches:\n{markdown}\n{progress}");
        Assert.Equal(4, report.Checks.Count);
        Assert.Contains(report.Checks, c => c.Name == "cycle 1: Directory equals the source");
        Assert.Contains(report.Phases, p => p.Name == "cycle 1: group members" && p.Requests > 0);
    }
}
