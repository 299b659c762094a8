using System.Runtime.InteropServices;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Workteam.ScimApi.Tests;

/// <summary>The services give back the native memory glibc keeps after a burst of work (decision 0026).</summary>
public sealed class NativeMemoryTrimmerTests
{
    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public async Task Trims_at_start_and_again_after_each_interval()
    {
        var trims = new SemaphoreSlim(0);
        using var trimmer = Trimmer(new Dictionary<string, string?>(), () => trims.Release());

        await trimmer.StartAsync(TestContext.Current.CancellationToken);
        Assert.True(await trims.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));

        _clock.Advance(NativeMemoryTrimmer.DefaultInterval - TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, trims.CurrentCount);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(await trims.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));

        await trimmer.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task An_interval_of_zero_turns_it_off()
    {
        var trims = 0;
        using var trimmer = Trimmer(new() { [NativeMemoryTrimmer.IntervalKey] = "00:00:00" }, () => trims++);

        await trimmer.StartAsync(TestContext.Current.CancellationToken);
        await trimmer.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Equal(0, trims);
    }

    [Fact]
    public async Task Stops_for_good_when_the_c_library_has_no_malloc_trim()
    {
        var trims = 0;
        using var trimmer = Trimmer(new(), () => { trims++; throw new EntryPointNotFoundException("malloc_trim"); });

        await trimmer.StartAsync(TestContext.Current.CancellationToken);
        await trimmer.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Equal(1, trims);
    }

    [Fact]
    public void Trimming_gives_back_memory_that_native_code_freed_below_the_top_of_its_heap()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "glibc's malloc_trim is Linux only");
        const int blocks = 40_000, blockSize = 1024;
        var allocated = new IntPtr[blocks];
        var ones = Enumerable.Repeat((byte)1, blockSize).ToArray();
        for (var i = 0; i < blocks; i++)
        {
            allocated[i] = Marshal.AllocHGlobal(blockSize);
            Marshal.Copy(ones, 0, allocated[i], blockSize);
        }

        // Every block but the last is freed: glibc keeps the 39 MB below it, as it does below a live allocation.
        for (var i = 0; i < blocks - 1; i++)
        {
            Marshal.FreeHGlobal(allocated[i]);
        }

        var before = ResidentAnonymousKilobytes();
        GlibcHeap.Trim();
        var after = ResidentAnonymousKilobytes();
        Marshal.FreeHGlobal(allocated[^1]);

        Assert.True(before - after > 20 * 1024, $"resident anonymous memory went from {before} kB to {after} kB");
    }

    private NativeMemoryTrimmer Trimmer(Dictionary<string, string?> settings, Action trim) =>
        new(_clock, new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), NullLogger<NativeMemoryTrimmer>.Instance, trim);

    private static long ResidentAnonymousKilobytes() =>
        long.Parse(File.ReadLines("/proc/self/status").Single(line => line.StartsWith("RssAnon:"))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
}
