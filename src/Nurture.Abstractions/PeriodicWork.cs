namespace Nurture.Abstractions;

/// <summary>
/// How the background jobs that look for due work (erasure rechecks, segment refreshes, the hand-off
/// SLA) run: every interval, and a failed round is logged and tried again at the next one.
/// </summary>
public static class PeriodicWork
{
    public static async Task RunAsync(
        TimeSpan interval, TimeProvider time, Func<CancellationToken, Task> round, Action<Exception> onFailure, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(interval, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (stoppingToken.IsCancellationRequested) return;
            try
            {
                await round(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                onFailure(ex);
            }
        }
    }
}
