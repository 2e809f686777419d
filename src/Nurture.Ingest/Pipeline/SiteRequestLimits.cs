using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Nurture.Ingest.Pipeline;

/// <summary>
/// Requests per site, all clients together (<see cref="PublicLimitOptions.SiteRequestsPerMinute"/>): one
/// site key in a flood from many addresses cannot take the whole node. Partitioned by site id, so only
/// sites that exist get a bucket.
/// </summary>
public sealed class SiteRequestLimits : IDisposable
{
    private readonly PartitionedRateLimiter<Guid>? limiter;

    public SiteRequestLimits(IOptions<PublicLimitOptions> options)
    {
        var limits = options.Value;
        if (limits.SiteRequestsPerMinute <= 0) return;
        limiter = PartitionedRateLimiter.Create<Guid, Guid>(site => RateLimitPartition.GetTokenBucketLimiter(site, _ => Buckets.PerMinute(limits.SiteRequestsPerMinute, limits.SiteBurst)));
    }

    /// <summary>True when the site may take one more request now; otherwise when to try again.</summary>
    public bool TryAcquire(Guid siteId, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        if (limiter is null) return true;
        using var lease = limiter.AttemptAcquire(siteId);
        if (lease.IsAcquired) return true;
        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        return false;
    }

    public void Dispose() => limiter?.Dispose();
}
