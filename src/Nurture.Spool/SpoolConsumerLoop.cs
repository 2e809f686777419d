using Nurture.Abstractions;

namespace Nurture.Spool;

/// <summary>
/// How every spool consumer survives its downstream being away: run, and when a run fails, wait (the shared
/// <see cref="Backoff"/>: 200 ms doubling up to 10 s) and run again from the consumer's own checkpoint.
/// </summary>
public static class SpoolConsumerLoop
{
    public static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(200);
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(10);

    public static async Task RunAsync(
        Func<CancellationToken, Task> run, Action<Exception, TimeSpan> onFailure, TimeProvider time, CancellationToken stoppingToken)
    {
        var failures = 0;
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
                var delay = Backoff.Delay(++failures, FirstDelay, MaxDelay);
                onFailure(ex, delay);
                await Task.Delay(delay, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }
}
