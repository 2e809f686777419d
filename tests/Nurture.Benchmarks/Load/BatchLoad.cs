using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using Nurture.Benchmarks.Load.Traffic;

namespace Nurture.Benchmarks.Load;

public sealed record BatchResult(int Connections, int EventsPerBatch, TimeSpan Duration, long Batches, long EventsAccepted, long Failed, Percentiles Latency)
{
    public double EventsPerSecond => EventsAccepted / Duration.TotalSeconds;
}

/// <summary>
/// POST /collect as fast as the server answers: each connection sends one visitor's session of 20
/// events at a time (a tenth of visitors identify in it) and waits for the 202 before the next.
/// </summary>
public static class BatchLoad
{
    public static async Task<BatchResult> RunAsync(
        Uri server, IReadOnlyList<BenchSite> sites, Population population, int connections, TimeSpan duration, string runTag, int eventsPerBatch = 20)
    {
        using var http = LoadHttp.Create(server, connections);
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, connections).Select(worker => Task.Run(async () =>
        {
            var traffic = new TrafficModel(sites, population, runTag, seed: 5000 + worker);
            var latencies = new List<double>();
            long accepted = 0, failed = 0;
            for (var batch = 0; clock.Elapsed < duration; batch++)
            {
                var body = traffic.SessionBatch($"{runTag}-{worker}-{batch}", eventsPerBatch, out var userAgent);
                var sentAt = Stopwatch.GetTimestamp();
                var kept = await PostAsync(http, body, userAgent);
                if (kept < 0) failed++;
                else
                {
                    accepted += kept;
                    latencies.Add(Stopwatch.GetElapsedTime(sentAt).TotalMilliseconds);
                }
            }
            return (latencies, accepted, failed);
        })).ToList();
        var results = await Task.WhenAll(workers);
        var took = clock.Elapsed;
        return new BatchResult(connections, eventsPerBatch, took, results.Sum(r => (long)r.latencies.Count),
            results.Sum(r => r.accepted), results.Sum(r => r.failed), Percentiles.Of(results.SelectMany(r => r.latencies)));
    }

    /// <summary>Posts one batch; answers how many events the server kept, or -1 when it refused the request.</summary>
    public static async Task<int> PostAsync(HttpClient http, byte[] body, string userAgent)
    {
        try
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var request = new HttpRequestMessage(HttpMethod.Post, "/collect") { Content = content };
            request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
            using var response = await http.SendAsync(request);
            var answer = await response.Content.ReadAsByteArrayAsync();
            if ((int)response.StatusCode != 202) return -1;
            using var json = JsonDocument.Parse(answer);
            return json.RootElement.GetProperty("accepted").GetInt32();
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return -1;
        }
    }
}
