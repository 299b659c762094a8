namespace Workteam.LoadTest.Load;

/// <summary>Runs independent chains of dependent requests (one user's query then create, say) side by side.</summary>
internal static class Chains
{
    public static Task RunAsync<T>(IEnumerable<T> items, int inParallel, CancellationToken cancellationToken, Func<T, CancellationToken, Task> chain) =>
        inParallel == int.MaxValue
            ? Task.WhenAll(items.Select(item => chain(item, cancellationToken)))
            : Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = inParallel, CancellationToken = cancellationToken },
                async (item, token) => await chain(item, token));
}
