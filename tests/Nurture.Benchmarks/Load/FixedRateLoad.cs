using System.Diagnostics;
using Nurture.Benchmarks.Load.Traffic;

namespace Nurture.Benchmarks.Load;

/// <summary>Latency counts failed requests (errors, no answer within the timeout) as infinitely slow.</summary>
public sealed record FixedRateResult(int Rate, TimeSpan Duration, long Sent, long Acknowledged, long Failed, TimeSpan SendingTook, Percentiles Latency)
{
    public double AchievedRate => Sent / SendingTook.TotalSeconds;
}

/// <summary>
/// An open-loop pixel generator (what wrk2 does): request i is due at start + i/rate whether or not
/// earlier ones have been answered, and its latency counts from that due time. A server that stalls is
/// charged for every request it held back, not just the one it was slow on (no coordinated omission).
/// </summary>
public static class FixedRateLoad
{
    /// <summary>Bounds the run when the server cannot keep up; such requests count as failed.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);

    public static async Task<FixedRateResult> RunAsync(Uri server, TrafficModel traffic, int rate, TimeSpan duration, string runTag)
    {
        using var http = LoadHttp.Create(server, maxConnections: 1024);
        http.Timeout = RequestTimeout;
        var total = (int)(rate * duration.TotalSeconds);
        var latencies = new double[total];
        var outcomes = new bool[total];
        var requests = new List<Task>(total);
        var ticksPerRequest = (double)Stopwatch.Frequency / rate;
        var start = Stopwatch.GetTimestamp();
        var sent = 0;
        while (sent < total)
        {
            var due = Math.Min(total, (int)(Stopwatch.GetElapsedTime(start).TotalSeconds * rate) + 1);
            for (; sent < due; sent++)
            {
                var path = traffic.PixelPath($"{runTag}-{sent}", out var userAgent);
                requests.Add(SendAsync(http, path, userAgent, start + (long)(sent * ticksPerRequest), latencies, outcomes, sent));
            }
            // About a millisecond: what became due meanwhile goes out together at the next turn.
            await Task.Delay(1);
        }
        var sendingTook = Stopwatch.GetElapsedTime(start);
        await Task.WhenAll(requests);
        var acknowledged = outcomes.LongCount(o => o);
        return new FixedRateResult(rate, duration, total, acknowledged, total - acknowledged, sendingTook, Percentiles.Of(latencies));
    }

    private static async Task SendAsync(HttpClient http, string path, string userAgent, long dueTimestamp, double[] latencies, bool[] outcomes, int index)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
            using var response = await http.SendAsync(request);
            var body = await response.Content.ReadAsByteArrayAsync();
            outcomes[index] = response.IsSuccessStatusCode && body.Length == 43;
            latencies[index] = outcomes[index] ? Stopwatch.GetElapsedTime(dueTimestamp).TotalMilliseconds : double.PositiveInfinity;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            latencies[index] = double.PositiveInfinity;
        }
    }
}
