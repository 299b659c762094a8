using System.Runtime.InteropServices;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// glibc's <c>malloc_trim(0)</c>: hands every whole free page of the process's malloc arenas back to the system.
/// </summary>
public static class GlibcHeap
{
    /// <summary>Throws when the C library is not glibc (musl has no malloc_trim).</summary>
    public static void Trim() => MallocTrim(0);

    [DllImport("libc.so.6", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);
}

/// <summary>
/// Gives back the memory native code freed, every <see cref="IntervalKey"/> (default 5 s, 0 turns it off). glibc
/// keeps freed blocks in its arenas for reuse and returns only the top of a heap by itself; the JIT's scratch memory
/// and the runtime's own tables leave 20 MB or more free but resident after a burst of work (decision 0026).
/// </summary>
public sealed class NativeMemoryTrimmer(TimeProvider clock, IConfiguration configuration, ILogger<NativeMemoryTrimmer> logger,
    Action? trim = null) : BackgroundService
{
    public const string IntervalKey = "Workteam:NativeMemoryTrimInterval";
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(5);

    private readonly Action _trim = trim ?? GlibcHeap.Trim;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = configuration.GetValue(IntervalKey, DefaultInterval);
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        // Created before the first trim, so each tick is counted from the start and not from when a trim ended.
        using var timer = new PeriodicTimer(interval, clock);
        try
        {
            do
            {
                try
                {
                    _trim();
                }
                catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
                {
                    logger.LogDebug("Native memory is not trimmed: the C library is not glibc ({Reason})", e.Message);
                    return;
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The service is stopping.
        }
    }
}

public static class NativeMemoryTrimmerExtensions
{
    /// <summary>Trims glibc's arenas on Linux; elsewhere the runtime's allocator is left as it is.</summary>
    public static IServiceCollection AddNativeMemoryTrimmer(this IServiceCollection services)
    {
        if (OperatingSystem.IsLinux())
        {
            services.AddHostedService(provider => new NativeMemoryTrimmer(
                provider.GetService<TimeProvider>() ?? TimeProvider.System,
                provider.GetRequiredService<IConfiguration>(),
                provider.GetRequiredService<ILogger<NativeMemoryTrimmer>>()));
        }

        return services;
    }
}
