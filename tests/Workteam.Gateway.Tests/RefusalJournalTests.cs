using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Workteam.Contracts;
using Workteam.Gateway.Refusals;

namespace Workteam.Gateway.Tests;

public sealed class RefusalJournalTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Appended_refusals_are_in_the_file_until_shipped_and_the_file_is_emptied_once_all_are_shipped()
    {
        using var directory = new FakeDirectory();
        var refusals = Enumerable.Range(0, 3).Select(_ => Refusal(directory)).ToList();
        refusals.ForEach(directory.Journal.Append);
        Assert.Equal(refusals, ReadLines(directory.Journal.FilePath));

        await directory.Shipper.ShipOwnAsync(Cancel);

        Assert.Equal(refusals, directory.ShippedRefusals);
        Assert.Empty(directory.Journal.Pending(10));
        Assert.Equal(0, new FileInfo(directory.Journal.FilePath).Length);

        var later = Refusal(directory);
        directory.Journal.Append(later);
        Assert.Equal([later], ReadLines(directory.Journal.FilePath));
    }

    [Fact]
    public async Task Refusals_directory_did_not_take_stay_journaled_and_go_with_the_next_shipment()
    {
        using var directory = new FakeDirectory();
        var refusal = Refusal(directory);
        directory.Journal.Append(refusal);
        directory.RefusalReport = () => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);

        await directory.Shipper.ShipOwnAsync(Cancel);
        Assert.Equal([refusal], ReadLines(directory.Journal.FilePath));
        Assert.Equal([refusal], directory.Journal.Pending(10));

        directory.RefusalReport = () => new HttpResponseMessage(HttpStatusCode.NoContent);
        await directory.Shipper.ShipOwnAsync(Cancel);
        Assert.Empty(directory.Journal.Pending(10));
        Assert.Equal(0, new FileInfo(directory.Journal.FilePath).Length);
    }

    [Fact]
    public async Task The_journal_an_ended_process_left_is_shipped_without_its_torn_last_line_and_deleted()
    {
        using var directory = new FakeDirectory();
        var left = Enumerable.Range(0, 2).Select(_ => Refusal(directory)).ToList();
        var path = Path.Combine(directory.JournalFolder, $"refusals-1-{Guid.NewGuid():N}{RefusalJournal.Extension}");
        var torn = JsonSerializer.Serialize(Refusal(directory), JsonSerializerOptions.Web)[..40];
        await File.WriteAllTextAsync(path, string.Concat(left.Select(r => JsonSerializer.Serialize(r, JsonSerializerOptions.Web) + "\n")) + torn, Cancel);

        await directory.Shipper.ShipLeftBehindAsync(Cancel);

        Assert.Equal(left, directory.ShippedRefusals);
        Assert.False(File.Exists(path));
        Assert.True(File.Exists(directory.Journal.FilePath), "the process's own journal stays");
    }

    [Fact]
    public async Task A_journal_left_behind_stays_when_directory_does_not_take_it_and_is_shipped_later()
    {
        using var directory = new FakeDirectory();
        var path = await LeaveBehindAsync(directory, Refusal(directory));
        directory.RefusalReport = () => new HttpResponseMessage(HttpStatusCode.InternalServerError);

        await directory.Shipper.ShipLeftBehindAsync(Cancel);
        Assert.True(File.Exists(path));

        directory.RefusalReport = () => new HttpResponseMessage(HttpStatusCode.NoContent);
        await directory.Shipper.ShipLeftBehindAsync(Cancel);
        Assert.False(File.Exists(path));
    }

    /// <summary>
    /// Another process's journal, here a second journal in the same folder: its lock (an flock on Linux, taken per
    /// open file) keeps it from being claimed while its owner lives, and is gone once the owner is.
    /// </summary>
    [Fact]
    public async Task A_journal_a_live_process_holds_is_not_claimed_until_that_process_ends()
    {
        using var directory = new FakeDirectory();
        var other = new RefusalJournal(directory.JournalFolder, NullLogger<RefusalJournal>.Instance);
        var refusal = Refusal(directory);
        other.Append(refusal);

        Assert.Null(directory.Journal.TryClaim(other.FilePath));
        await directory.Shipper.ShipLeftBehindAsync(Cancel);
        Assert.Empty(directory.ShippedRefusals);
        Assert.Equal([refusal], ReadLines(other.FilePath));

        other.Dispose();
        await directory.Shipper.ShipLeftBehindAsync(Cancel);
        Assert.Equal([refusal], directory.ShippedRefusals);
        Assert.False(File.Exists(other.FilePath));
    }

    [Fact]
    public void A_long_journal_that_is_never_all_shipped_is_rewritten_with_the_unshipped_records_only()
    {
        using var directory = new FakeDirectory();
        var refusals = new List<ScimRefusal>();
        while (new FileInfo(directory.Journal.FilePath).Length <= RefusalJournal.RotateBytes)
        {
            refusals.Add(Refusal(directory));
            directory.Journal.Append(refusals[^1]);
        }

        var first = directory.Journal.FilePath;
        directory.Journal.Shipped(refusals.Count - 2);

        Assert.False(File.Exists(first));
        Assert.Equal(refusals[^2..], ReadLines(directory.Journal.FilePath));
        Assert.Equal([directory.Journal.FilePath], Directory.GetFiles(directory.JournalFolder));
    }

    private static ScimRefusal Refusal(FakeDirectory directory) =>
        new(Guid.CreateVersion7(), Guid.CreateVersion7(), directory.Clock.GetUtcNow(), "PATCH", $"/Users/{Guid.NewGuid()}", 401,
            "This token was revoked on 2026-12-01 at 08:00 UTC by alice@contoso.com.", "0af7651916cd43dd8448eb211c80319c");

    private static async Task<string> LeaveBehindAsync(FakeDirectory directory, ScimRefusal refusal)
    {
        var path = Path.Combine(directory.JournalFolder, $"refusals-1-{Guid.NewGuid():N}{RefusalJournal.Extension}");
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(refusal, JsonSerializerOptions.Web) + "\n", Cancel);
        return path;
    }

    /// <summary>
    /// The journal's lines, read while its owner holds it. .NET would take a shared lock to read it, which the owner's
    /// exclusive one refuses; <c>cat</c> reads it the way a person inspecting it would.
    /// </summary>
    private static List<ScimRefusal> ReadLines(string path)
    {
        using var cat = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("cat", [path]) { RedirectStandardOutput = true })!;
        var text = cat.StandardOutput.ReadToEnd();
        cat.WaitForExit();
        Assert.Equal(0, cat.ExitCode);
        return [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonSerializer.Deserialize<ScimRefusal>(line, JsonSerializerOptions.Web)!)];
    }
}
