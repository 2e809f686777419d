using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using Nurture.Abstractions.Leads;
using Nurture.Benchmarks.Load.Traffic;

namespace Nurture.Benchmarks.Load;

public sealed record AlertLatencyResult(int Triggered, int Alerted, Percentiles Latency);

/// <summary>
/// Time from the event that makes a lead hot to the alert at the workspace webhook, measured from
/// outside while other load runs. Every <see cref="Interval"/> a new prospect arrives: a session that
/// brings them close to hot under the default scoring model (a corporate email and a CTO title for fit,
/// pricing and demo pages), then, a second later, the two form submits that tip them over. The clock
/// starts when the server acknowledges that last request and stops when the webhook receives the alert.
/// </summary>
public sealed class AlertLatencyProbe : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan WarmToTrigger = TimeSpan.FromSeconds(1);

    private readonly HttpClient http;
    private readonly BenchSite site;
    private readonly AlertReceiver receiver;
    private readonly string runTag;
    private readonly ConcurrentDictionary<Guid, long> triggeredAt = new();
    private readonly CancellationTokenSource stop = new();
    private readonly Task sender;
    private readonly ConcurrentBag<Task> prospects = [];

    public AlertLatencyProbe(Uri server, BenchSite site, AlertReceiver receiver, string runTag)
    {
        this.site = site;
        this.receiver = receiver;
        this.runTag = runTag;
        http = LoadHttp.Create(server, 8);
        sender = Task.Run(SendLoopAsync);
    }

    /// <summary>Stops starting prospects, lets the started ones finish, waits for their alerts, and reports.</summary>
    public async Task<AlertLatencyResult> StopAsync(TimeSpan waitForAlerts)
    {
        await stop.CancelAsync();
        await sender;
        await Task.WhenAll(prospects);
        var clock = Stopwatch.StartNew();
        while (triggeredAt.Keys.Any(lead => receiver.ArrivedAt(lead) is null) && clock.Elapsed < waitForAlerts) await Task.Delay(50);
        var latencies = triggeredAt
            .Select(p => receiver.ArrivedAt(p.Key) is { } arrived ? Stopwatch.GetElapsedTime(p.Value, arrived).TotalMilliseconds : double.PositiveInfinity)
            .ToList();
        // An alert that never came counts as infinitely late, so it shows in the high percentiles.
        return new AlertLatencyResult(triggeredAt.Count, latencies.Count(double.IsFinite), Percentiles.Of(latencies));
    }

    private async Task SendLoopAsync()
    {
        using var timer = new PeriodicTimer(Interval);
        var n = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(stop.Token)) prospects.Add(ProspectAsync($"{runTag}-{n++}"));
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    /// <summary>One prospect's two requests; a prospect whose first request was refused is not counted.</summary>
    private async Task ProspectAsync(string visitor)
    {
        try
        {
            var page = $"{site.Origin}/";
            object Event(string type, string path, object? traits = null, string? email = null) =>
                new { siteKey = site.Key, visitorId = visitor, type, url = page + path, email, traits };
            if (!await PostAsync(
                    Event("page_view", "?utm_source=news&utm_medium=email"),
                    Event("identify", "", new { name = $"Prospect {visitor}", jobTitle = "CTO" }, $"{visitor}@acme-corp.example"),
                    Event("page_view", "pricing"), Event("page_view", "pricing"), Event("page_view", "pricing"),
                    Event("page_view", "demo"), Event("page_view", "demo")))
                return;
            await Task.Delay(WarmToTrigger);
            if (await PostAsync(Event("form_submit", "contact"), Event("form_submit", "contact")))
                triggeredAt[LeadIds.ForVisitor(site.Id, visitor)] = Stopwatch.GetTimestamp();
        }
        catch (HttpRequestException)
        {
            // Not acknowledged: not a trigger this probe can time.
        }
        catch (TaskCanceledException)
        {
            // Timed out: the same.
        }
    }

    private async Task<bool> PostAsync(params object[] events)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/collect") { Content = JsonContent.Create(events) };
        request.Headers.TryAddWithoutValidation("User-Agent", TrafficVocabulary.UserAgents[0]);
        using var response = await http.SendAsync(request);
        return (int)response.StatusCode == 202;
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await sender;
        await Task.WhenAll(prospects);
        http.Dispose();
        stop.Dispose();
    }
}
