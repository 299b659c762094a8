namespace Workteam.AppHost.Tests;

/// <summary>Polls until something observable holds.</summary>
public static class Wait
{
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting until {what}.");
            }

            await Task.Delay(250, cancellationToken);
        }
    }

    /// <summary>Polls until <paramref name="value"/> gives something, and answers it.</summary>
    public static async Task<T> ForAsync<T>(Func<Task<T?>> value, string what, TimeSpan timeout, CancellationToken cancellationToken)
        where T : class
    {
        T? found = null;
        await UntilAsync(async () => (found = await value()) is not null, what, timeout, cancellationToken);
        return found!;
    }
}
