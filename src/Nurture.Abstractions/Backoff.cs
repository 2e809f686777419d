namespace Nurture.Abstractions;

/// <summary>
/// The one exponential back-off with jitter, for every wait before trying again: the hand-off's and the
/// outbox's durable retry schedules, a spool consumer's restart and an outbound call's quick retry.
/// Ours because Polly keeps its own delay calculation internal (no generator to call from a durable schedule).
/// </summary>
public static class Backoff
{
    /// <summary>
    /// The wait before retry number <paramref name="retry"/> (1 for the first): <paramref name="first"/> doubled
    /// each time up to <paramref name="max"/>, then ±20% jitter so callers that failed together do not come
    /// back together (so a capped wait lies between 0.8 and 1.2 times <paramref name="max"/>).
    /// </summary>
    public static TimeSpan Delay(int retry, TimeSpan first, TimeSpan max, Random? random = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retry, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(first, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, first);
        // In doubles: 2^(retry-1) ticks overflow a long long before a retry count stops being plausible.
        var ticks = Math.Min(first.Ticks * Math.Pow(2, Math.Min(retry - 1, 64)), max.Ticks);
        return TimeSpan.FromTicks((long)(ticks * (0.8 + 0.4 * (random ?? Random.Shared).NextDouble())));
    }
}
