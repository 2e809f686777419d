namespace Nurture.Ingest.Spool;

/// <summary>
/// How every spool consumer survives its downstream being away: run, and when a run fails, wait with
/// doubling back-off (up to 10 s) and run again from the consumer's own checkpoint.
/// </summary>
public static class SpoolConsumerLoop
{
    public static async Task RunAsync(
        Func<CancellationToken, Task> run, Action<Exception, TimeSpan> onFailure, TimeProvider time, CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.FromMilliseconds(200);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await run(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                onFailure(ex, backoff);
                await Task.Delay(backoff, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(10).Ticks));
            }
        }
    }
}
