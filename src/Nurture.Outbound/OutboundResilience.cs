using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Nurture.Abstractions;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Nurture.Outbound;

/// <summary>
/// The resilience pipeline of every outbound client, in front of its <see cref="OutboundConnectGuard"/>:
/// a limit on the whole attempt, a few quick retries of transient failures, a circuit breaker per receiver
/// (scheme, host and port) and a limit on each call. Durable retries across attempts are the caller's (the
/// hand-off keeps them in PostgreSQL); these only save a delivery from a blip without waiting for them.
/// </summary>
public static class OutboundResilience
{
    /// <summary>The first quick retry waits about this long, doubling up to <see cref="QuickRetryMaxDelay"/> (the shared <see cref="Backoff"/>).</summary>
    public static readonly TimeSpan QuickRetryFirstDelay = TimeSpan.FromMilliseconds(200);
    public static readonly TimeSpan QuickRetryMaxDelay = TimeSpan.FromSeconds(2);

    /// <summary>A receiver's Retry-After up to this long is waited for in-process; a longer one is left to the durable schedule.</summary>
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Calls to one receiver stop for <see cref="BreakDuration"/> once at least half of the last 30 s of calls
    /// failed and there were at least 20: more than one delivery's own tries, so only a receiver failing many
    /// deliveries at once is left alone, not one bad webhook URL on a host others share.
    /// </summary>
    public const int BreakerMinimumThroughput = 20;
    public static readonly TimeSpan BreakDuration = TimeSpan.FromSeconds(15);

    public static IHttpClientBuilder AddOutboundResilience(this IHttpClientBuilder builder, Func<IServiceProvider, OutboundCallLimits> limits)
    {
        builder.AddResilienceHandler("outbound", (pipeline, context) =>
        {
            var (callTimeout, attemptTimeout, quickRetries) = limits(context.ServiceProvider);
            var time = context.ServiceProvider.GetRequiredService<TimeProvider>();
            pipeline.AddTimeout(attemptTimeout);
            if (quickRetries > 0)
            {
                pipeline.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
                {
                    MaxRetryAttempts = quickRetries,
                    // A call that used up its whole limit is not made again in-process: the durable schedule retries it.
                    ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome, timeoutIsTransient: false)
                        && (RetryAfter(args.Outcome.Result, time) is not { } wait || wait <= MaxRetryAfter)),
                    DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(RetryAfter(args.Outcome.Result, time)
                        ?? Backoff.Delay(args.AttemptNumber + 1, QuickRetryFirstDelay, QuickRetryMaxDelay)),
                });
            }
            pipeline.AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
            {
                FailureRatio = 0.5,
                MinimumThroughput = BreakerMinimumThroughput,
                SamplingDuration = TimeSpan.FromSeconds(30),
                BreakDuration = BreakDuration,
                ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome, timeoutIsTransient: true)),
            });
            pipeline.AddTimeout(callTimeout);
        }).SelectPipelineByAuthority();
        return builder;
    }

    /// <summary>
    /// A failure that may pass by itself: no connection or a connection dropped before the answer, 5xx, 408,
    /// 429 (and, for the breaker, a call that timed out). Never a refusal by the outbound guard (the address
    /// will not change its kind in a second), a name that does not resolve, an answer that is not HTTP, or another 4xx.
    /// </summary>
    internal static bool IsTransient(Outcome<HttpResponseMessage> outcome, bool timeoutIsTransient) => outcome switch
    {
        { Exception: HttpRequestException e } => !IsRefusal(e) && e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.ResponseEnded,
        { Exception: TimeoutRejectedException } => timeoutIsTransient,
        { Result: { } response } => (int)response.StatusCode >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests,
        _ => false,
    };

    internal static bool IsRefusal(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is OutboundRefusedException) return true;
        }
        return false;
    }

    /// <summary>How long the receiver asked to wait (Retry-After as seconds or a date), if it did.</summary>
    internal static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeProvider time) => response?.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta < TimeSpan.Zero ? TimeSpan.Zero : delta,
        { Date: { } date } => date > time.GetUtcNow() ? date - time.GetUtcNow() : TimeSpan.Zero,
        _ => null,
    };
}
