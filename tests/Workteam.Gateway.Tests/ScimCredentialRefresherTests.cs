using System.Net;
using System.Text;

namespace Workteam.Gateway.Tests;

public sealed class ScimCredentialRefresherTests
{
    private static readonly Guid Organization = Guid.CreateVersion7();
    private static readonly Guid TokenId = Guid.CreateVersion7();

    [Fact]
    public async Task An_answer_that_is_not_json_does_not_stop_the_refresher_and_the_next_good_answer_is_loaded()
    {
        using var directory = new FakeDirectory();
        var answers = 0;
        directory.Credentials = () => Interlocked.Increment(ref answers) == 1
            ? new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("<html>502 Bad Gateway</html>", Encoding.UTF8, "text/html") }
            : FakeDirectory.Snapshot("v1", (Organization, TokenId, "wtscim_one"));

        await directory.Refresher.StartAsync(TestContext.Current.CancellationToken);
        await FakeDirectory.WaitUntilAsync(() => answers == 1, "the first refresh was answered");
        Assert.False(directory.Cache.IsLoaded);

        directory.Clock.Advance(directory.Options.Value.CredentialRefreshInterval);
        await FakeDirectory.WaitUntilAsync(() => directory.Cache.IsLoaded, "the second refresh loaded the credential set");
        Assert.Equal(TokenId, directory.Cache.Authenticate(Organization, "wtscim_one"));
        Assert.False(directory.Refresher.ExecuteTask!.IsCompleted);
        await directory.Refresher.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_failed_usage_report_neither_holds_back_the_refresh_nor_loses_the_usage()
    {
        using var directory = new FakeDirectory();
        directory.Credentials = () => FakeDirectory.Snapshot("v1", (Organization, TokenId, "wtscim_one"));
        var reports = 0;
        directory.UsageReport = () => new HttpResponseMessage(Interlocked.Increment(ref reports) == 1 ? HttpStatusCode.InternalServerError : HttpStatusCode.NoContent);
        directory.Usage.Record(TokenId);

        await directory.Refresher.StartAsync(TestContext.Current.CancellationToken);
        await FakeDirectory.WaitUntilAsync(() => directory.Cache.IsLoaded, "the refresh ran although the usage report failed");

        directory.Clock.Advance(directory.Options.Value.CredentialRefreshInterval);
        await FakeDirectory.WaitUntilAsync(() => reports == 2, "the usage was reported again");
        var usageReports = directory.Requests.Where(r => r.Path == "/internal/scim-token-usage").ToList();
        Assert.All(usageReports, report => Assert.Contains(TokenId.ToString(), report.Body));
        await directory.Refresher.StopAsync(TestContext.Current.CancellationToken);
    }
}
