using System.Threading.RateLimiting;

namespace Nurture.Ingest.Pipeline;

/// <summary>The token buckets of the abuse limits: a rate per minute, refilled every second, and a burst.</summary>
public static class Buckets
{
    public static TokenBucketRateLimiterOptions PerMinute(int perMinute, int burst) => new()
    {
        // Refilled each second so a client that waits a little gets through again soon.
        TokensPerPeriod = Math.Max(1, perMinute / 60),
        ReplenishmentPeriod = TimeSpan.FromSeconds(perMinute >= 60 ? 1 : 60.0 / perMinute),
        TokenLimit = Math.Max(1, burst),
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}
