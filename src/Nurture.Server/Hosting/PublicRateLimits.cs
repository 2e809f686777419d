using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Nurture.Ingest.Pipeline;
using Nurture.Server.Apis;
using Nurture.Http;

namespace Nurture.Server.Hosting;

/// <summary>
/// Per-client-address request limits on the public endpoints (ASP.NET Core's rate limiter), by policy:
/// tracking (/collect, /t.gif), email links (/e/...) and console sign-in. Refused requests answer 429 with
/// Retry-After, except the pixel, which answers its GIF and counts the drop. Per-site and identify limits
/// are in the ingest pipeline (<see cref="SiteRequestLimits"/>, <see cref="IdentifyLimits"/>).
/// </summary>
public static class PublicRateLimits
{
    public const string Tracking = "public-tracking";
    public const string EmailLinks = "public-email-links";
    public const string SignIn = "public-sign-in";

    public static IServiceCollection AddPublicRateLimits(this IServiceCollection services)
    {
        services.AddOptions<PublicLimitOptions>().BindConfiguration("Nurture:Limits").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IdentifyLimits>();
        services.AddSingleton<SiteRequestLimits>();
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(Tracking, http => PerClient(http, "client", o => (o.ClientRequestsPerMinute, o.ClientBurst)));
            limiter.AddPolicy(EmailLinks, http => PerClient(http, "email_links", o => (o.EmailLinkRequestsPerMinute, o.EmailLinkRequestsPerMinute)));
            limiter.AddPolicy(SignIn, http => PerClient(http, "sign_in", o => (o.SignInAttemptsPerMinute, o.SignInAttemptsPerMinute)));
            limiter.OnRejected = OnRejectedAsync;
        });
        return services;
    }

    /// <summary>A token bucket per client address (after trusted proxies), one set of buckets per policy.</summary>
    private static RateLimitPartition<string> PerClient(HttpContext http, string name, Func<PublicLimitOptions, (int PerMinute, int Burst)> pick)
    {
        var (perMinute, burst) = pick(http.RequestServices.GetRequiredService<IOptions<PublicLimitOptions>>().Value);
        var key = http.Connection.RemoteIpAddress?.ToString() ?? "";
        http.Items[LimitName] = name;
        return perMinute <= 0
            ? RateLimitPartition.GetNoLimiter(key)
            : RateLimitPartition.GetTokenBucketLimiter(key, _ => Buckets.PerMinute(perMinute, burst));
    }

    private const string LimitName = "nurture.rate-limit";

    private static async ValueTask OnRejectedAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        var limit = http.Items[LimitName] as string ?? "client";
        var metrics = http.RequestServices.GetRequiredService<IngestMetrics>();
        var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
        if (http.Request.Path.StartsWithSegments("/t.gif") || http.Request.Path.StartsWithSegments("/e/o"))
        {
            // An image tag has no use for an error: the pixels answer their GIF whatever happens.
            metrics.CountPixelDropped("rate_limited");
            http.Response.StatusCode = StatusCodes.Status200OK;
            await IngestApi.WritePixelAsync(http.Response);
            return;
        }
        metrics.CountLimited(limit);
        if (http.Request.Path.StartsWithSegments("/collect")) await IngestApi.AllowOriginIfKnownAsync(http);
        await ApiErrors.RetryAfter(StatusCodes.Status429TooManyRequests, wait, [],
            "Too many requests from this address; retry after the time in Retry-After.").ExecuteAsync(http);
    }
}
